package dev.tabby.ctl;

/** A command failed in a way the operator can act on; printed as one line, exit code 1. */
final class CtlException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  CtlException(String message) {
    super(message);
  }
}
