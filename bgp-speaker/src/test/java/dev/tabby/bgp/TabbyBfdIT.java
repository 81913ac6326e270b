package dev.tabby.bgp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabby.testbench.Lab;
import dev.tabby.testbench.Wait;
import dev.tabby.testbench.bfd.BfdPeerSession;
import dev.tabby.testbench.bfd.BirdBfd;
import dev.tabby.testbench.bgp.TabbyBgp;
import java.time.Duration;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The daemon with a peer's {@code bfd:} key against BIRD (BGP with {@code bfd on}, hold time 240
 * s): a cut link drops the BGP session as soon as BFD sees it, and both come back with the link.
 */
class TabbyBfdIT {
  private static final String TABBY = PeerLink.TABBY;
  private static final String BIRD = PeerLink.PEER;
  private static final String BIRD_ROUTE = "10.200.0.0/24";

  @Test
  void aCutLinkDropsTheBgpSessionAsSoonAsBfdSeesIt() {
    withBirdOverALink(
        (link, bird) -> {
          TabbyBgp tabby =
              startTabby(
                  link,
                  """
                peers:
                  - address: 10.0.0.2
                    as: 65002
                    connectRetryTime: 1
                    bfd: {minTxMs: 200, minRxMs: 200, multiplier: 3}
                """);
          awaitEstablishedWithBfdUp(tabby, bird);

          link.peer().ip("link", "set", "dev", "eth0", "down");
          // The hold timers (90 s here, 240 s at BIRD) cannot end the session within this wait:
          // only BFD (600 ms of detection time) can, however loaded the machine.
          tabby.awaitNotEstablished(BIRD, Duration.ofSeconds(10));
          assertThat(tabby.peer(BIRD).path("lastError").asString()).contains("BFD");
          tabby.awaitNoRoute(BIRD_ROUTE);

          link.peer().ip("link", "set", "dev", "eth0", "up");
          awaitEstablishedWithBfdUp(tabby, bird);
        });
  }

  /**
   * A dynamic neighbour of a range with a {@code bfd:} key: BIRD connects from the range, gets BFD
   * (the state endpoint shows it Up), and a cut link drops its session as soon as BFD sees it; it
   * connects again, with BFD, when the link returns.
   */
  @Test
  void aPeerFromARangeWithBfdIsDroppedAsSoonAsBfdSeesACutLink() {
    withBirdOverALink(
        (link, bird) -> {
          TabbyBgp tabby =
              startTabby(
                  link,
                  """
                peerRanges:
                  - prefix: 10.0.0.0/24
                    as: 65002
                    bfd: {minTxMs: 200, minRxMs: 200, multiplier: 3}
                """);
          awaitEstablishedWithBfdUp(tabby, bird);
          JsonNode bfd =
              Wait.until(
                  "tabby-bgp to show the dynamic neighbour's BFD session Up",
                  TabbyBgp.TIMEOUT,
                  () -> tabby.peer(BIRD).path("bfd"),
                  node -> node.path("state").asString("").equals("Up"));
          assertThat(bfd.path("transmitIntervalMs").asLong()).isEqualTo(200);
          assertThat(bfd.path("multihop").asBoolean()).isFalse();

          link.peer().ip("link", "set", "dev", "eth0", "down");
          // Hold timers of 90 s and 240 s cannot end the session within this wait: only BFD can.
          Wait.until(
              "tabby-bgp to drop the dynamic neighbour's session for BFD",
              Duration.ofSeconds(10),
              () -> tabby.process().log().contains("bgp session dropped by bfd"));
          tabby.awaitNoRoute(BIRD_ROUTE);

          link.peer().ip("link", "set", "dev", "eth0", "up");
          awaitEstablishedWithBfdUp(tabby, bird);
        });
  }

  /** tabby-bgp in AS 65001 listening on {@value #TABBY}, with {@code neighbours} configured. */
  private static TabbyBgp startTabby(PeerLink link, String neighbours) {
    return TabbyBgp.start(
        link.tabby(),
        """
        routerId: 10.0.0.1
        localAs: 65001
        listen: {address: 10.0.0.1, port: 179}
        warmup: false
        """
            + neighbours);
  }

  /** Runs {@code test} with BIRD ({@link #startBird}) at the far end of a fresh link. */
  private static void withBirdOverALink(BiConsumer<PeerLink, BirdBfd> test) {
    try (Lab lab = Lab.create()) {
      PeerLink link = PeerLink.create(lab, "bird");
      BirdBfd bird = startBird(link);
      try {
        test.accept(link, bird);
      } finally {
        bird.close();
      }
    }
  }

  /** BIRD in AS 65002 announcing {@value #BIRD_ROUTE}, with BFD at 200 ms × 3 on its session. */
  private static BirdBfd startBird(PeerLink link) {
    return BirdBfd.startWithBgp(
        link.peer(), BIRD, TABBY, new BirdBfd.Bgp(65002, 65001, BIRD_ROUTE, false), 200, 200, 3);
  }

  private static void awaitEstablishedWithBfdUp(TabbyBgp tabby, BirdBfd bird) {
    tabby.awaitEstablished(BIRD);
    tabby.awaitRoute(BIRD_ROUTE);
    Wait.until(
        "BIRD's BFD session with tabby-bgp Up",
        TabbyBgp.TIMEOUT,
        () -> bird.session(TABBY).map(BfdPeerSession::up).orElse(false));
  }
}
