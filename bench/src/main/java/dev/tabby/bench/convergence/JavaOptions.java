package dev.tabby.bench.convergence;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;

/** The JVM options a running agent was started with, read from its command line, for the report. */
final class JavaOptions {

  private JavaOptions() {}

  static String of(long pid) {
    try {
      String commandLine =
          new String(
              Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")),
              StandardCharsets.UTF_8);
      return Arrays.stream(commandLine.split("\0"))
          .filter(argument -> argument.startsWith("-X"))
          .collect(Collectors.joining(" "));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the command line of process " + pid, e);
    }
  }
}
