package dev.tabby.rr;

/** A flag or resource tabby-rr cannot use; the message names it. */
public final class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }
}
