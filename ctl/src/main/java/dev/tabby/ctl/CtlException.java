package dev.tabby.ctl;

/** A command failed in a way the operator can act on; printed as one line. */
final class CtlException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int exitCode;

  /** A failure found: exit code {@link ExitCodes#FAILURE}. */
  CtlException(String message) {
    this(ExitCodes.FAILURE, message);
  }

  CtlException(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  /** The endpoint or API server could not be reached: exit code {@link ExitCodes#UNREACHABLE}. */
  static CtlException unreachable(String message) {
    return new CtlException(ExitCodes.UNREACHABLE, message);
  }

  int exitCode() {
    return exitCode;
  }
}
