package dev.tabby.ctl;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code tabbyctl}: the operator's command line. */
@Command(
    name = "tabbyctl",
    mixinStandardHelpOptions = true,
    description = "Operate a Tabby pod network.",
    subcommands = {BgpCommand.class})
public final class TabbyCtl {

  public static void main(String[] args) {
    System.exit(
        run(
            new PrintWriter(System.out, true, StandardCharsets.UTF_8),
            new PrintWriter(System.err, true, StandardCharsets.UTF_8),
            args));
  }

  /** Runs a command line, printing to {@code out} and {@code err}; returns the exit code. */
  static int run(PrintWriter out, PrintWriter err, String... args) {
    CommandLine commandLine = new CommandLine(new TabbyCtl()).setOut(out).setErr(err);
    commandLine.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          if (e instanceof CtlException failure) {
            cmd.getErr().println("tabbyctl: " + failure.getMessage());
            return 1;
          }
          throw e;
        });
    return commandLine.execute(args);
  }
}
