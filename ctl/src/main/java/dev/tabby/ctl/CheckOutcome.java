package dev.tabby.ctl;

/**
 * What one {@code tabbyctl diagnose} check found.
 *
 * @param check the check's name, e.g. {@code cni-config}
 * @param result OK, failed or skipped
 * @param detail what was found, naming the fault when it failed
 * @param fix what to do about it; empty unless it failed
 */
record CheckOutcome(String check, Result result, String detail, String fix) {

  /** How a check ended. */
  enum Result {
    OK,
    FAILED,
    /** Could not be checked here (a tool not installed); not a failure. */
    SKIPPED
  }

  static CheckOutcome ok(String check, String detail) {
    return new CheckOutcome(check, Result.OK, detail, "");
  }

  static CheckOutcome failed(String check, String detail, String fix) {
    return new CheckOutcome(check, Result.FAILED, detail, fix);
  }

  static CheckOutcome skipped(String check, String detail) {
    return new CheckOutcome(check, Result.SKIPPED, detail, "");
  }

  boolean isFailed() {
    return result == Result.FAILED;
  }
}
