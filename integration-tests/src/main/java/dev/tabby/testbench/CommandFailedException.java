package dev.tabby.testbench;

/** A command that had to succeed exited non-zero; the message names the command and its stderr. */
public final class CommandFailedException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient ExecResult result;

  public CommandFailedException(ExecResult result) {
    super(result.describe());
    this.result = result;
  }

  public ExecResult result() {
    return result;
  }
}
