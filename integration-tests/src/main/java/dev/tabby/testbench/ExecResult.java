package dev.tabby.testbench;

import java.util.List;

/**
 * What a finished command did: its exit code and everything it printed.
 *
 * @param command the command as run, for messages
 * @param exitCode the process's exit code
 * @param stdout everything written to standard output
 * @param stderr everything written to standard error
 */
public record ExecResult(List<String> command, int exitCode, String stdout, String stderr) {

  public ExecResult {
    command = List.copyOf(command);
  }

  /** Whether the command exited with code 0. */
  public boolean ok() {
    return exitCode == 0;
  }

  /**
   * Returns this result, or throws {@link CommandFailedException} naming the command and stderr.
   */
  public ExecResult orThrow() {
    if (!ok()) {
      throw new CommandFailedException(this);
    }
    return this;
  }

  /** One line for messages: the command, its exit code and the first part of its output. */
  public String describe() {
    return "`"
        + String.join(" ", command)
        + "` exited "
        + exitCode
        + (stderr.isBlank() ? "" : "; stderr: " + abbreviate(stderr.strip()))
        + (stdout.isBlank() ? "" : "; stdout: " + abbreviate(stdout.strip()));
  }

  private static String abbreviate(String text) {
    return text.length() <= 2000 ? text : text.substring(0, 2000) + " ...";
  }
}
