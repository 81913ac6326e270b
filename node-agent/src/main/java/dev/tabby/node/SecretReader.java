package dev.tabby.node;

/** Reads one key of a Secret in the agent's namespace. */
@FunctionalInterface
public interface SecretReader {
  /**
   * @throws ConfigException when the Secret or its key cannot be read, saying which
   */
  String read(String secretName, String key);
}
