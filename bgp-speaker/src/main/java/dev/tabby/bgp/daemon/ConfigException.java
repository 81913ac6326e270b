package dev.tabby.bgp.daemon;

/** A configuration value is missing or wrong; the message names the field and what is wrong. */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * @param field where, e.g. {@code peers[1].as}
   * @param problem what, e.g. {@code must be 1..4294967295, got -5}
   */
  public ConfigException(String field, String problem) {
    super("config " + field + ": " + problem);
  }
}
