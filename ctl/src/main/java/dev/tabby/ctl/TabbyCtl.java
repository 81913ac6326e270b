package dev.tabby.ctl;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code tabbyctl}: the operator's command line. */
@Command(
    name = "tabbyctl",
    mixinStandardHelpOptions = true,
    description = "Operate a Tabby pod network.",
    subcommands = {
      NodeCommand.class,
      GetCommand.class,
      BgpCommand.class,
      IpamCommand.class,
      ApplyCommand.class,
      DeleteCommand.class,
      DiagnoseCommand.class,
      AutoComplete.GenerateCompletion.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:OK.",
      "1:A failure found: a request failed, a session is not up, a diagnose check failed.",
      "2:Usage error: unknown command or option, bad value.",
      "3:The endpoint or API server cannot be reached."
    })
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
    commandLine.setParameterExceptionHandler(
        (e, arguments) -> {
          String command = e.getCommandLine().getCommandSpec().qualifiedName();
          err.println("tabbyctl: " + e.getMessage() + " (see: " + command + " --help)");
          return ExitCodes.USAGE;
        });
    commandLine.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          if (e instanceof CtlException failure) {
            err.println("tabbyctl: " + failure.getMessage());
            return failure.exitCode();
          }
          // A bug of ours; still one line, and the exit code says something failed.
          err.println("tabbyctl: internal error: " + e);
          return ExitCodes.FAILURE;
        });
    return commandLine.execute(args);
  }
}
