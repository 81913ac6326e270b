package dev.tabby.ctl;

/** What tabbyctl's exit code tells a script; listed in {@code tabbyctl --help}. */
final class ExitCodes {
  static final int OK = 0;

  /** The command ran and found something wrong (a failed request, a session not up). */
  static final int FAILURE = 1;

  /** The command line was wrong: unknown command or option, bad value. */
  static final int USAGE = 2;

  /** The endpoint or API server could not be reached. */
  static final int UNREACHABLE = 3;

  private ExitCodes() {}
}
