package dev.tabby.ipam.store;

/**
 * A compare-and-swap write lost: the object changed (or appeared, or vanished) since it was read.
 * The caller re-reads and tries again.
 */
public class ConflictException extends RuntimeException {
  private final String kind;
  private final String name;

  public ConflictException(String kind, String name, String reason) {
    super(kind + " " + name + " " + reason);
    this.kind = kind;
    this.name = name;
  }

  public String kind() {
    return kind;
  }

  public String name() {
    return name;
  }
}
