package dev.tabby.bgp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabby.testbench.Lab;
import dev.tabby.testbench.bgp.BgpDaemonConfig;
import dev.tabby.testbench.bgp.Bird;
import dev.tabby.testbench.bgp.Neighbor;
import dev.tabby.testbench.bgp.TabbyBgp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Started as root, {@code bin/tabby-bgp} runs the JVM with CAP_NET_BIND_SERVICE alone, and the
 * daemon still binds port 179, signs its session with TCP MD5, reads its config and logs.
 */
class TabbyCapabilitiesIT {

  /** CAP_NET_BIND_SERVICE (bit 10) alone, as /proc/PID/status prints a capability set. */
  private static final String NET_BIND_SERVICE_ONLY = "0000000000000400";

  @Test
  void rootDaemonKeepsOnlyNetBindServiceAndStillRunsASignedSession() throws IOException {
    try (Lab lab = Lab.create()) {
      PeerLink hosts = PeerLink.create(lab, "bird");
      // Tabby is passive: BIRD's signed SYN reaches the socket bound to port 179, which needs the
      // capability and holds the key.
      Bird.start(
          hosts.peer(),
          BgpDaemonConfig.builder(PeerLink.PEER, 65001)
              .neighbor(Neighbor.of(PeerLink.TABBY, 65000).withPassword("s3cret"))
              .build());
      TabbyBgp tabby =
          TabbyBgp.start(
              hosts.tabby(), TabbySessionIT.tabbyConfig("passive: true, password: s3cret"));

      tabby.awaitEstablished(PeerLink.PEER);

      // The launcher execs all the way down, so the process started is the JVM itself.
      Path proc = Path.of("/proc", Long.toString(tabby.process().pid()));
      assertThat(Files.readString(proc.resolve("comm")).strip()).isEqualTo("java");
      Map<String, String> status = status(proc.resolve("status"));
      assertThat(status.get("Uid")).startsWith("0\t");
      assertThat(status.get("CapEff")).isEqualTo(NET_BIND_SERVICE_ONLY);
      assertThat(status.get("CapPrm")).isEqualTo(NET_BIND_SERVICE_ONLY);
      assertThat(status.get("CapBnd")).isEqualTo(NET_BIND_SERVICE_ONLY);
      assertThat(tabby.process().log())
          .contains("event=capabilities-dropped kept=net_bind_service")
          .contains("event=listening address=10.0.0.1:179");
    }
  }

  /** /proc/PID/status as field name to value. */
  private static Map<String, String> status(Path file) throws IOException {
    return Files.readAllLines(file).stream()
        .filter(line -> line.contains(":"))
        .collect(
            Collectors.toMap(
                line -> line.substring(0, line.indexOf(':')),
                line -> line.substring(line.indexOf(':') + 1).strip()));
  }
}
