package dev.tabby.ipam.store;

/** A write kept losing its compare-and-swap; the message names the object that kept changing. */
public class ConflictRetriesExhaustedException extends RuntimeException {
  public ConflictRetriesExhaustedException(String operation, int attempts, ConflictException last) {
    super(
        "gave up "
            + operation
            + " after "
            + attempts
            + " attempts: "
            + last.kind()
            + " "
            + last.name()
            + " kept conflicting (last: "
            + last.getMessage()
            + ")",
        last);
  }
}
