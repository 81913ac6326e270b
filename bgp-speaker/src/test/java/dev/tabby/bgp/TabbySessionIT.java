package dev.tabby.bgp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabby.testbench.Host;
import dev.tabby.testbench.Lab;
import dev.tabby.testbench.Wait;
import dev.tabby.testbench.bgp.BgpDaemonConfig;
import dev.tabby.testbench.bgp.Bird;
import dev.tabby.testbench.bgp.Neighbor;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Session behaviour against BIRD: the hold timer, and TCP MD5 signatures. */
class TabbySessionIT {

  private static final String TABBY = "10.0.0.1";
  private static final String BIRD = "10.0.0.2";

  private record Pair(Host tabbyHost, Host birdHost) {}

  private static Pair link(Lab lab) {
    Host tabbyHost = lab.host("tabby");
    Host birdHost = lab.host("bird");
    lab.link(tabbyHost, "eth0", birdHost, "eth0");
    tabbyHost.addAddress("eth0", TABBY + "/24");
    birdHost.addAddress("eth0", BIRD + "/24");
    return new Pair(tabbyHost, birdHost);
  }

  /** Tabby's config with one BIRD peer; {@code peerOptions} go into the peer's mapping. */
  private static String tabbyConfig(String peerOptions) {
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
      Pair hosts = link(lab);
      // A 3 s hold time (the smallest allowed) lets the timer expire within seconds.
      Bird bird =
          Bird.start(
              hosts.birdHost(),
              BgpDaemonConfig.builder(BIRD, 65001)
                  .neighbor(Neighbor.of(TABBY, 65000).withHoldTime(3))
                  .originate("10.2.0.0/24")
                  .build());
      TabbyDaemon tabby = TabbyDaemon.start(hosts.tabbyHost(), tabbyConfig("holdTime: 3"));
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
      Pair hosts = link(lab);
      // Tabby is passive, so the signed SYN from BIRD tests the listening socket's keys.
      Bird.start(
          hosts.birdHost(),
          BgpDaemonConfig.builder(BIRD, 65001)
              .neighbor(Neighbor.of(TABBY, 65000).withPassword("s3cret"))
              .build());
      TabbyDaemon tabby =
          TabbyDaemon.start(hosts.tabbyHost(), tabbyConfig("passive: true, password: s3cret"));

      tabby.awaitEstablished(BIRD);
    }
  }

  @Test
  void md5PasswordMismatchNeverComesUp() {
    try (Lab lab = Lab.create()) {
      Pair hosts = link(lab);
      Bird bird =
          Bird.start(
              hosts.birdHost(),
              BgpDaemonConfig.builder(BIRD, 65001)
                  .neighbor(Neighbor.of(TABBY, 65000).withPassword("s3cret"))
                  .build());
      TabbyDaemon tabby = TabbyDaemon.start(hosts.tabbyHost(), tabbyConfig("password: wrong"));

      // BIRD's kernel drops Tabby's wrongly signed SYNs (and Tabby's drops BIRD's): the attempts
      // time out, again and again, and no session ever forms.
      for (int attempt = 0; attempt < 3; attempt++) {
        JsonNode peer =
            Wait.until(
                "a failed connection attempt to " + BIRD,
                Duration.ofSeconds(15),
                () -> tabby.peer(BIRD),
                p -> p.path("lastError").asString("").startsWith("connect failed"));
        assertThat(peer.path("state").asString()).isNotEqualTo("Established");
        assertThat(bird.neighbor(TABBY).established()).isFalse();
      }
    }
  }
}
