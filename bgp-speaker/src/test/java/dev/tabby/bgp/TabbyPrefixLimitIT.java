package dev.tabby.bgp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabby.testbench.Lab;
import dev.tabby.testbench.Wait;
import dev.tabby.testbench.bgp.BgpDaemonConfig;
import dev.tabby.testbench.bgp.Bird;
import dev.tabby.testbench.bgp.Neighbor;
import dev.tabby.testbench.bgp.TabbyBgp;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** BIRD announces more IPv4 prefixes than Tabby's limit for it allows (RFC 4271 §6.7). */
class TabbyPrefixLimitIT {

  private static final String TABBY = PeerLink.TABBY;
  private static final String BIRD = PeerLink.PEER;

  /** Six prefixes: one more than the limit of five. */
  private static final String[] SIX = {
    "10.2.0.0/24", "10.2.1.0/24", "10.2.2.0/24", "10.2.3.0/24", "10.2.4.0/24", "10.2.5.0/24"
  };

  private interface Scenario {
    void run(Bird bird, TabbyBgp tabby);
  }

  private static void withBird(String action, Scenario scenario) {
    try (Lab lab = Lab.create()) {
      PeerLink link = PeerLink.create(lab, "bird");
      Bird bird =
          Bird.start(
              link.peer(),
              BgpDaemonConfig.builder(BIRD, 65000)
                  .neighbor(Neighbor.of(TABBY, 65000))
                  .originate(SIX)
                  .build());
      TabbyBgp tabby =
          TabbyBgp.start(
              link.tabby(),
              """
              routerId: 10.0.0.1
              localAs: 65000
              listen: {address: 10.0.0.1, port: 179}
              warmup: false
              peers:
                - address: 10.0.0.2
                  as: 65000
                  connectRetryTime: 1
                  prefixLimit:
                    ipv4: {maximum: 5, action: %s, restartInterval: 5}
              """
                  .formatted(action));
      scenario.run(bird, tabby);
    }
  }

  @Test
  void aPeerPastTheLimitGetsCeaseOneWithItsDataStaysDownThenComesBack() {
    withBird(
        "teardown",
        (bird, tabby) -> {
          JsonNode down =
              Wait.until(
                  "tabby-bgp to end the session with Cease 6/1",
                  TabbyBgp.TIMEOUT,
                  () -> tabby.peer(BIRD),
                  p -> p.path("lastError").asString("").startsWith("sent NOTIFICATION 6/1"));
          assertThat(down.path("lastError").asString()).contains("more than 5 ipv4-unicast");
          assertThat(down.path("prefixLimits").path("ipv4-unicast").path("maximum").asLong())
              .isEqualTo(5);
          // BIRD logs the data of a NOTIFICATION in hex: AFI 1, SAFI 1, the limit 5.
          Wait.until(
              "BIRD to log the Cease it received",
              TabbyBgp.TIMEOUT,
              () -> bird.process().log(),
              log -> log.contains("Received: Maximum number of prefixes reached: 00010100000005"));
          for (String prefix : SIX) {
            tabby.awaitNoRoute(prefix);
          }

          // While Tabby stays down BIRD drops one prefix; after the restart interval the session
          // comes back with five, which the limit allows.
          bird.withdraw(SIX[5]);
          JsonNode again = tabby.awaitEstablished(BIRD);
          assertThat(again.path("prefixLimitExceededUntil").isNull()).isTrue();
          for (int i = 0; i < 5; i++) {
            tabby.awaitRoute(SIX[i]);
          }
          assertThat(tabby.process().log())
              .contains("event=prefix-limit-exceeded")
              .contains("event=staying-down seconds=5")
              .contains("event=stay-down-over action=reconnect");
        });
  }

  @Test
  void warnOnlyKeepsTheSessionAndEveryRoute() {
    withBird(
        "warn",
        (bird, tabby) -> {
          tabby.awaitEstablished(BIRD);
          for (String prefix : SIX) {
            tabby.awaitRoute(prefix);
          }
          JsonNode peer = tabby.peer(BIRD);
          assertThat(peer.path("state").asString()).isEqualTo("Established");
          assertThat(peer.path("accepted").asLong()).isEqualTo(6);
          // (A collision as both sides connect at once may show as lastError, and is no matter.)
          assertThat(peer.path("lastError").asString("")).doesNotContain("6/1");
          assertThat(tabby.process().log())
              .contains("event=prefix-limit-warning")
              .contains("event=prefix-limit-exceeded")
              .contains("warn only")
              .doesNotContain("event=staying-down");
        });
  }
}
