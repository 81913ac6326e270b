package dev.tabby.bgp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabby.testbench.Lab;
import dev.tabby.testbench.Wait;
import dev.tabby.testbench.bgp.BgpDaemonConfig;
import dev.tabby.testbench.bgp.Bird;
import dev.tabby.testbench.bgp.Neighbor;
import dev.tabby.testbench.bgp.TabbyBgp;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Session behaviour against BIRD: the hold timer, and TCP MD5 signatures. */
class TabbySessionIT {

  private static final String TABBY = PeerLink.TABBY;
  private static final String BIRD = PeerLink.PEER;

  /**
   * Tabby's config with one BIRD peer; {@code peerOptions} go into the peer's mapping. Also
   * TabbyCapabilitiesIT's.
   */
  static String tabbyConfig(String peerOptions) {
    return """
        routerId: 10.0.0.1
        localAs: 65000
        listen: {address: 10.0.0.1, port: 179}
        peers:
          - {address: 10.0.0.2, as: 65001, connectRetryTime: 1, %s}
        """
        .formatted(peerOptions);
  }

  @Test
  void silentPeerIsDroppedAtHoldExpiryAndComesBackWhenItWakes() {
    try (Lab lab = Lab.create()) {
      PeerLink hosts = PeerLink.create(lab, "bird");
      // A 3 s hold time (the smallest allowed) lets the timer expire within seconds.
      Bird bird =
          Bird.start(
              hosts.peer(),
              BgpDaemonConfig.builder(BIRD, 65001)
                  .neighbor(Neighbor.of(TABBY, 65000).withHoldTime(3))
                  .originate("10.2.0.0/24")
                  .build());
      TabbyBgp tabby = TabbyBgp.start(hosts.tabby(), tabbyConfig("holdTime: 3"));
      JsonNode up = tabby.awaitEstablished(BIRD);
      assertThat(up.path("capabilities").path("holdTimeSeconds").asLong()).isEqualTo(3);
      tabby.awaitRoute("10.2.0.0/24");

      bird.process().pause();
      JsonNode down = tabby.awaitNotEstablished(BIRD, Duration.ofSeconds(10));
      assertThat(down.path("lastError").asString())
          .startsWith("sent NOTIFICATION 4/0 (Hold Timer Expired)");
      tabby.awaitNoRoute("10.2.0.0/24");

      bird.process().resume();
      tabby.awaitEstablished(BIRD);
      tabby.awaitRoute("10.2.0.0/24");
    }
  }

  @Test
  void md5SignedSessionComesUpWhenBothSidesShareThePassword() {
    try (Lab lab = Lab.create()) {
      PeerLink hosts = PeerLink.create(lab, "bird");
      // Tabby is passive, so the signed SYN from BIRD tests the listening socket's keys.
      Bird.start(
          hosts.peer(),
          BgpDaemonConfig.builder(BIRD, 65001)
              .neighbor(Neighbor.of(TABBY, 65000).withPassword("s3cret"))
              .build());
      TabbyBgp tabby =
          TabbyBgp.start(hosts.tabby(), tabbyConfig("passive: true, password: s3cret"));

      tabby.awaitEstablished(BIRD);
    }
  }

  @Test
  void md5PasswordMismatchNeverComesUp() {
    try (Lab lab = Lab.create()) {
      PeerLink hosts = PeerLink.create(lab, "bird");
      Bird bird =
          Bird.start(
              hosts.peer(),
              BgpDaemonConfig.builder(BIRD, 65001)
                  .neighbor(Neighbor.of(TABBY, 65000).withPassword("s3cret"))
                  .build());
      TabbyBgp tabby = TabbyBgp.start(hosts.tabby(), tabbyConfig("password: wrong"));

      // BIRD's kernel drops Tabby's wrongly signed SYNs (and Tabby's drops BIRD's): the attempts
      // time out, again and again, and no session ever forms.
      for (int attempt = 0; attempt < 3; attempt++) {
        JsonNode peer =
            Wait.until(
                "a failed connection attempt to " + BIRD,
                Duration.ofSeconds(15),
                () -> tabby.peer(BIRD),
                p -> p.path("lastError").asString("").startsWith("connect to "));
        assertThat(peer.path("state").asString()).isNotEqualTo("Established");
        assertThat(peer.path("lastError").asString())
            .contains("a TCP MD5 password that does not match the peer's");
        assertThat(bird.neighbor(TABBY).established()).isFalse();
      }
    }
  }
}
