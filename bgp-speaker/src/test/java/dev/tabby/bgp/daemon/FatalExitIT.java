package dev.tabby.bgp.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon process ends, for its supervisor to restart it, when the RIB thread dies. */
class FatalExitIT {

  @TempDir Path dir;

  @Test
  void deathOfTheRibThreadEndsTheProcessWithOneLineAndExitCode70()
      throws IOException, InterruptedException {
    // Loopback and ports of the kernel's choosing: nothing else on the machine is touched.
    Path config = dir.resolve("bgp.yaml");
    Files.writeString(
        config,
        """
        routerId: 10.0.0.1
        localAs: 65000
        listen: {address: 127.0.0.1, port: 0}
        http: {address: 127.0.0.1, port: 0}
        warmup: false
        prefixes:
          - prefix: 10.9.0.0/24
        """);
    Path log = dir.resolve("tabby-bgp.log");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process daemon =
        new ProcessBuilder(
                java,
                "-XX:+ExitOnOutOfMemoryError",
                "-cp",
                System.getProperty("java.class.path"),
                RibKillingDaemon.class.getName(),
                "--config",
                config.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    try {
      boolean exited = daemon.waitFor(30, TimeUnit.SECONDS);

      assertThat(exited).as("tabby-bgp exited; log:%n%s", Files.readString(log)).isTrue();
      assertThat(daemon.exitValue()).as(Files.readString(log)).isEqualTo(FatalExit.EXIT_FATAL);
      List<String> fatal =
          Files.readAllLines(log).stream().filter(line -> line.contains("event=fatal")).toList();
      assertThat(fatal)
          .singleElement()
          .asString()
          .contains(
              "reason=\"the RIB thread died: java.lang.Error: " + RibKillingDaemon.INJECTED + "\"")
          .contains("code=70");
    } finally {
      daemon.destroyForcibly();
    }
  }
}
