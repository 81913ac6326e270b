package dev.tabby.ipam.pool;

import java.util.List;

/** An IPPool that must not be accepted; the message lists every problem found. */
public class InvalidPoolException extends RuntimeException {
  private final List<String> problems;

  public InvalidPoolException(String poolName, List<String> problems) {
    super("IPPool " + poolName + " is invalid: " + String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
