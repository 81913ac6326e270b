package dev.tabby.bgp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabby.testbench.Lab;
import dev.tabby.testbench.Wait;
import dev.tabby.testbench.bfd.BfdPeerSession;
import dev.tabby.testbench.bfd.BirdBfd;
import dev.tabby.testbench.bgp.TabbyBgp;
import java.time.Duration;
import org.junit.jupiter.api.Test;

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
    try (Lab lab = Lab.create()) {
      PeerLink link = PeerLink.create(lab, "bird");
      BirdBfd bird =
          BirdBfd.startWithBgp(
              link.peer(),
              BIRD,
              TABBY,
              new BirdBfd.Bgp(65002, 65001, BIRD_ROUTE, false),
              200,
              200,
              3);
      try {
        TabbyBgp tabby =
            TabbyBgp.start(
                link.tabby(),
                """
                routerId: 10.0.0.1
                localAs: 65001
                listen: {address: 10.0.0.1, port: 179}
                warmup: false
                peers:
                  - address: 10.0.0.2
                    as: 65002
                    connectRetryTime: 1
                    bfd: {minTxMs: 200, minRxMs: 200, multiplier: 3}
                """);
        awaitEstablishedWithBfdUp(tabby, bird);

        long cut = System.nanoTime();
        link.peer().ip("link", "set", "dev", "eth0", "down");
        // The hold timers (90 s here, 240 s at BIRD) cannot end the session within this wait.
        tabby.awaitNotEstablished(BIRD, Duration.ofSeconds(10));
        long droppedMillis = (System.nanoTime() - cut) / 1_000_000;

        // 600 ms of BFD detection time, plus the daemon's state endpoint polled over curl.
        assertThat(droppedMillis).as("milliseconds from the cut to the drop").isLessThan(3000);
        assertThat(tabby.peer(BIRD).path("lastError").asString()).contains("BFD");
        tabby.awaitNoRoute(BIRD_ROUTE);

        link.peer().ip("link", "set", "dev", "eth0", "up");
        awaitEstablishedWithBfdUp(tabby, bird);
      } finally {
        bird.close();
      }
    }
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
