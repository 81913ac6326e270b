package dev.tabby.bench.convergence;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The machine's load averages (1, 5, 15 minutes), as uptime prints them: the machine is shared. */
final class Load {

  private Load() {}

  static String now() {
    try {
      String[] averages = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return averages[0] + ", " + averages[1] + ", " + averages[2];
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read /proc/loadavg", e);
    }
  }
}
