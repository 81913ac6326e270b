package dev.tabby.bgp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabby.testbench.Host;
import dev.tabby.testbench.Lab;
import dev.tabby.testbench.Wait;
import dev.tabby.testbench.bgp.BgpDaemonConfig;
import dev.tabby.testbench.bgp.ExaBgp;
import dev.tabby.testbench.bgp.Neighbor;
import dev.tabby.testbench.bgp.TabbyBgp;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** ExaBGP sends hand-made broken UPDATEs; Tabby answers as RFC 7606 says. */
class TabbyMalformedUpdateIT {

  private static final String TABBY = PeerLink.TABBY;
  private static final String EXABGP = PeerLink.PEER;

  /** Connect retry of 1 s: ExaBGP may not listen yet at Tabby's first attempt. */
  private static final String TABBY_CONFIG =
      """
      routerId: 10.0.0.1
      localAs: 65000
      listen: {address: 10.0.0.1, port: 179}
      peers:
        - {address: 10.0.0.2, as: 65001, connectRetryTime: 1}
      """;

  private interface Scenario {
    void run(ExaBgp exabgp, TabbyBgp tabby);
  }

  private static void withExaBgp(Scenario scenario) {
    try (Lab lab = Lab.create()) {
      PeerLink link = PeerLink.create(lab, "exabgp");
      Host tabbyHost = link.tabby();
      Host exaHost = link.peer();
      ExaBgp exabgp =
          ExaBgp.start(
              exaHost,
              BgpDaemonConfig.builder(EXABGP, 65001)
                  .neighbor(Neighbor.of(TABBY, 65000).withLocalAddress(EXABGP))
                  .build());
      TabbyBgp tabby = TabbyBgp.start(tabbyHost, TABBY_CONFIG);
      tabby.awaitEstablished(EXABGP);
      scenario.run(exabgp, tabby);
    }
  }

  @Test
  void malformedCommunitiesWithdrawTheRouteAndKeepTheSession() {
    withExaBgp(
        (exabgp, tabby) -> {
          exabgp.announce("10.9.0.0/24");
          tabby.awaitRoute("10.9.0.0/24");
          String errorBefore = tabby.peer(EXABGP).path("lastError").toString();

          // COMMUNITIES (type 8, optional transitive) three bytes long: not a multiple of four.
          exabgp.announceWithRawAttribute("10.9.0.0/24", 8, 0xc0, new byte[] {1, 2, 3});

          tabby.awaitNoRoute("10.9.0.0/24");
          JsonNode peer = tabby.peer(EXABGP);
          assertThat(peer.path("state").asString()).isEqualTo("Established");
          assertThat(peer.path("lastError").toString())
              .as("no session reset since the good announcement")
              .isEqualTo(errorBefore);
        });
  }

  @Test
  void malformedMpReachResetsTheSessionWithAnUpdateError() {
    withExaBgp(
        (exabgp, tabby) -> {
          // MP_REACH_NLRI (type 14) for IPv4 unicast claiming a 4-byte next hop but carrying one:
          // the NLRI cannot be found, so RFC 7606 §7.11 asks for a session reset.
          exabgp.announceWithRawAttribute("10.9.1.0/24", 14, 0x80, new byte[] {0, 1, 1, 4, 10});

          JsonNode peer =
              Wait.until(
                  "tabby-bgp to reset the session with an UPDATE Message Error",
                  TabbyBgp.TIMEOUT,
                  () -> tabby.peer(EXABGP),
                  p -> p.path("lastError").asString("").startsWith("sent NOTIFICATION 3/"));
          assertThat(peer.path("lastError").asString()).contains("UPDATE Message Error");
          assertThat(tabby.route("10.9.1.0/24")).isEmpty();
        });
  }
}
