package dev.tabby.node;

/** Configuration the agent cannot use; the message names the setting or resource and field. */
public final class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }
}
