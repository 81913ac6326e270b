package dev.tabby.bench.bgp;

import dev.tabby.testbench.Host;
import dev.tabby.testbench.HostProcess;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts one of the benchmark's own mains (a sender, the stream recorder or replayer) in a JVM of
 * its own inside a lab host, with this JVM's java, class path and logging configuration.
 */
public final class BenchJvm {

  private BenchJvm() {}

  /**
   * @param javaOptions the JVM's options, separated by white space
   */
  public static HostProcess start(
      Host host, String name, String javaOptions, Class<?> main, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of(javaOptions.trim().split("\\s+")));
    String logback = System.getProperty("logback.configurationFile");
    if (logback != null) {
      command.add("-Dlogback.configurationFile=" + logback);
    }
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
    command.addAll(List.of(args));
    return host.start(name, command);
  }
}
