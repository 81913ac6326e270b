package dev.tabby.bgp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabby.testbench.HostProcess;
import dev.tabby.testbench.Lab;
import dev.tabby.testbench.Wait;
import dev.tabby.testbench.bgp.BgpDaemonConfig;
import dev.tabby.testbench.bgp.Bird;
import dev.tabby.testbench.bgp.Neighbor;
import dev.tabby.testbench.bgp.TabbyBgp;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Connections from a configured peer's address that never send an OPEN (a spoofed or hung peer):
 * one per direction is kept, and only until the open timeout; they never keep the real peer out.
 */
class TabbyOpenPhaseIT {

  private static final String TABBY = PeerLink.TABBY;
  private static final String BIRD = PeerLink.PEER;

  /**
   * Opens two connections from the peer's address to Tabby, sends nothing, and prints, for each,
   * the BGP messages Tabby sent before it closed the connection.
   */
  private static final String HALF_OPEN =
      """
      import socket, threading
      def watch(i, s):
          data = b""
          try:
              while True:
                  chunk = s.recv(4096)
                  if not chunk:
                      break
                  data += chunk
          except OSError:
              pass
          names, pos = [], 0
          while pos + 19 <= len(data):
              length, kind = int.from_bytes(data[pos + 16:pos + 18], "big"), data[pos + 18]
              if kind == 3:
                  names.append("NOTIFICATION-{}/{}".format(data[pos + 19], data[pos + 20]))
              else:
                  names.append({1: "OPEN", 4: "KEEPALIVE"}.get(kind, str(kind)))
              pos += length
          print("closed {} messages={}".format(i, ",".join(names)), flush=True)
      for i in range(2):
          s = socket.socket()
          s.bind(("PEER", 0))
          s.connect(("TABBY", 179))
          print("connected {}".format(i), flush=True)
          threading.Thread(target=watch, args=(i, s)).start()
      """
          .replace("PEER", BIRD)
          .replace("TABBY", TABBY);

  @Test
  void connectionsThatNeverSendAnOpenDoNotKeepTheRealPeerOut() {
    try (Lab lab = Lab.create()) {
      PeerLink hosts = PeerLink.create(lab, "bird");
      // The open timeout is long enough that the real session comes up while the half-open
      // connection is still held, and short enough to watch it expire.
      TabbyBgp tabby =
          TabbyBgp.start(
              hosts.tabby(),
              """
              routerId: 10.0.0.1
              localAs: 65000
              listen: {address: 10.0.0.1, port: 179}
              warmup: false
              peers:
                - {address: 10.0.0.2, as: 65001, connectRetryTime: 1, openTimeout: 8}
              """);
      Path script = hosts.peer().writeFile("half-open.py", HALF_OPEN);
      HostProcess halfOpen = hosts.peer().start("half-open", "python3", script.toString());

      Wait.until(
          "the second connection from " + BIRD + " refused at once (" + halfOpen.logFile() + ")",
          TabbyBgp.TIMEOUT,
          halfOpen::log,
          log -> log.contains("messages=NOTIFICATION-6/5\n"));

      Bird.start(
          hosts.peer(),
          BgpDaemonConfig.builder(BIRD, 65001).neighbor(Neighbor.of(TABBY, 65000)).build());
      tabby.awaitEstablished(BIRD);
      assertThat(halfOpen.log().lines().filter(line -> line.startsWith("closed")))
          .as("the half-open connection is still held when the real session comes up")
          .hasSize(1);

      Wait.until(
          "the half-open connection closed at the open timeout (" + halfOpen.logFile() + ")",
          TabbyBgp.TIMEOUT,
          halfOpen::log,
          log -> log.contains("messages=OPEN,NOTIFICATION-4/0\n"));
      assertThat(tabby.peer(BIRD).path("state").asString()).isEqualTo("Established");
      assertThat(tabby.process().log()).doesNotContain("notification-sent 6/7");
    }
  }
}
