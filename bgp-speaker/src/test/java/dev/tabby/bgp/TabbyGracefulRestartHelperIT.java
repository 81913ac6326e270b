package dev.tabby.bgp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabby.testbench.Lab;
import dev.tabby.testbench.Wait;
import dev.tabby.testbench.bgp.BgpDaemon;
import dev.tabby.testbench.bgp.BgpDaemonConfig;
import dev.tabby.testbench.bgp.Bird;
import dev.tabby.testbench.bgp.Frr;
import dev.tabby.testbench.bgp.Neighbor;
import dev.tabby.testbench.bgp.TabbyBgp;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Tabby's daemon helping BIRD and FRR restart gracefully (RFC 4724 §4.2): the restarting router is
 * killed with SIGKILL (its sessions drop without a NOTIFICATION) and started again.
 */
class TabbyGracefulRestartHelperIT {

  private static final String KEPT = "10.2.0.0/24";
  private static final String DROPPED = "10.2.1.0/24";

  private static String tabbyConfig(int maxRestartTime) {
    return """
        routerId: 10.0.0.1
        localAs: 65000
        listen: {address: 10.0.0.1, port: 179}
        peers:
          - {address: 10.0.0.2, as: 65000, connectRetryTime: 1, maxRestartTime: %d}
        prefixes: [{prefix: 10.1.0.0/24}]
        """
        .formatted(maxRestartTime);
  }

  private static BgpDaemonConfig peerConfig(String... originated) {
    return BgpDaemonConfig.builder("10.0.0.2", 65000)
        .neighbor(Neighbor.of("10.0.0.1", 65000))
        .originate(originated)
        .gracefulRestart()
        .build();
  }

  @Test
  void birdRestartingKeepsItsRoutesWhatItDoesNotSendAgainGoesAtItsEndOfRib() {
    restartKeepsRoutes(
        (lab, config) -> Bird.start(lab, config),
        daemon -> ((Bird) daemon).crashAndRecover(peerConfig(KEPT)));
  }

  @Test
  void frrRestartingKeepsItsRoutesWhatItDoesNotSendAgainGoesAtItsEndOfRib() {
    restartKeepsRoutes(
        (lab, config) -> Frr.start(lab, config),
        daemon -> ((Frr) daemon).crashAndRestart(peerConfig(KEPT)));
  }

  @Test
  void aPeerThatDoesNotComeBackLosesItsRoutesAtTheMaximumRestartTime() {
    try (Lab lab = Lab.create()) {
      PeerLink link = PeerLink.create(lab, "bird");
      Bird bird = Bird.start(link.peer(), peerConfig(KEPT));
      TabbyBgp tabby = TabbyBgp.start(link.tabby(), tabbyConfig(3));
      tabby.awaitEstablished(PeerLink.PEER);
      tabby.awaitRoute(KEPT);

      bird.process().kill();

      awaitStale(tabby, 1);
      assertThat(tabby.route(KEPT)).as("kept while BIRD may come back").isPresent();
      tabby.awaitNoRoute(KEPT);
      assertThat(tabby.process().log())
          .contains("event=graceful-restart-begin stale-routes=1")
          .contains("restart-time=3s")
          .contains("event=graceful-restart-deadline")
          .contains("flushed=1");
    }
  }

  private interface Starter {
    BgpDaemon start(dev.tabby.testbench.Host host, BgpDaemonConfig config);
  }

  private void restartKeepsRoutes(Starter starter, UnaryOperator<BgpDaemon> crashAndRestart) {
    try (Lab lab = Lab.create()) {
      PeerLink link = PeerLink.create(lab, "peer");
      BgpDaemon peer = starter.start(link.peer(), peerConfig(KEPT, DROPPED));
      TabbyBgp tabby = TabbyBgp.start(link.tabby(), tabbyConfig(120));
      tabby.awaitEstablished(PeerLink.PEER);
      tabby.awaitRoute(KEPT);
      tabby.awaitRoute(DROPPED);

      PresenceWatch watch = PresenceWatch.start(() -> tabby.route(KEPT).isPresent());
      BgpDaemon restarted;
      try (watch) {
        restarted = crashAndRestart.apply(peer);
        awaitStaleSeenOrBack(tabby);
        restarted.awaitEstablished(PeerLink.TABBY);
        // Within the 120 s restart time only the peer's End-of-RIB takes the route it did not
        // send again.
        tabby.awaitNoRoute(DROPPED);
      }
      assertThat(watch.misses()).as("polls of %s that found no route", KEPT).isZero();
      // As many polls as a loaded machine allows; each one must find the route.
      assertThat(watch.polls()).isPositive();
      assertThat(tabby.route(KEPT)).isPresent();
      Wait.until(
          "no stale route left",
          Duration.ofSeconds(10),
          () -> tabby.peer(PeerLink.PEER).path("stale").asLong(),
          stale -> stale == 0);
      assertThat(tabby.process().log())
          .contains("event=graceful-restart-begin stale-routes=2")
          // Back with the forwarding bit: nothing flushed then; the route not sent again is the
          // one flushed at End-of-RIB, so the one sent again was replaced, never withdrawn.
          .contains("event=graceful-restart-reconnected stale-routes=2 flushed=0")
          .contains("event=graceful-restart-end-of-rib family=ipv4-unicast flushed=1");
      restarted.awaitRoute("10.1.0.0/24");
    }
  }

  /** Waits until the peer's routes are marked stale, the session being down. */
  private static void awaitStale(TabbyBgp tabby, long stale) {
    Wait.until(
        "tabby-bgp to hold " + stale + " stale routes of " + PeerLink.PEER,
        Duration.ofSeconds(10),
        () -> tabby.peer(PeerLink.PEER).path("stale").asLong(),
        seen -> seen == stale);
  }

  /**
   * The restart may be over quickly: its log says the routes were stale, however short the time.
   */
  private static void awaitStaleSeenOrBack(TabbyBgp tabby) {
    Wait.until(
        "tabby-bgp to log the peer's graceful restart",
        Duration.ofSeconds(10),
        () -> tabby.process().log(),
        log -> log.contains("event=graceful-restart-begin"));
  }
}
