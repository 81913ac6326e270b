package dev.tabby.bgp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabby.testbench.Host;
import dev.tabby.testbench.Lab;
import dev.tabby.testbench.Wait;
import dev.tabby.testbench.bgp.BgpDaemon;
import dev.tabby.testbench.bgp.BgpDaemonConfig;
import dev.tabby.testbench.bgp.Bird;
import dev.tabby.testbench.bgp.Frr;
import dev.tabby.testbench.bgp.Neighbor;
import dev.tabby.testbench.bgp.TabbyBgp;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Long-lived graceful restart (RFC 9494) with BIRD 2.0.12 and FRR 8.4, both ways: the restarting
 * router is killed with SIGKILL, and its helper keeps its routes past the (2 s) graceful restart
 * time, tagged LLGR_STALE (65535:6).
 */
class TabbyLongLivedGracefulRestartIT {

  private static final String PEER_ROUTE = "10.2.0.0/24";
  private static final String TABBY_ROUTE = "10.1.0.0/24";
  private static final String LLGR_STALE = "65535:6";

  /** How to run one reference daemon here. */
  private record Daemon(
      BiFunction<Host, BgpDaemonConfig, BgpDaemon> start,
      BiFunction<BgpDaemon, BgpDaemonConfig, BgpDaemon> crashAndRestart,
      Predicate<BgpDaemon> showsTabbysRouteLongLivedStale) {}

  private static final Daemon BIRD =
      new Daemon(
          Bird::start,
          (bird, config) -> ((Bird) bird).crashAndRecover(config),
          // BIRD writes standard communities as (65535,6).
          bird ->
              ((Bird) bird)
                  .birdc("show", "route", "all", TABBY_ROUTE)
                  .stdout()
                  .contains("(65535,6)"));

  private static final Daemon FRR =
      new Daemon(
          Frr::start,
          (frr, config) -> ((Frr) frr).crashAndRestart(config),
          frr ->
              ((Frr) frr)
                  .vtysh("show bgp ipv4 unicast " + TABBY_ROUTE + " json")
                  .stdout()
                  .contains("llgr-stale"));

  /** Tabby originating {@value #TABBY_ROUTE}, its peer with a 300 s long-lived stale time. */
  private static String tabbyConfig(String gracefulRestart, String peerOptions) {
    return """
        routerId: 10.0.0.1
        localAs: 65000
        listen: {address: 10.0.0.1, port: 179}
        %s
        peers:
          - {address: 10.0.0.2, as: 65000, connectRetryTime: 1, %slongLivedStaleTime: 300}
        prefixes: [{prefix: %s}]
        """
        .formatted(gracefulRestart, peerOptions, TABBY_ROUTE);
  }

  private static BgpDaemonConfig peerConfig() {
    return BgpDaemonConfig.builder("10.0.0.2", 65000)
        .neighbor(Neighbor.of("10.0.0.1", 65000))
        .originate(PEER_ROUTE)
        .longLivedGracefulRestart(600)
        .build();
  }

  @Test
  void tabbyKeepsAKilledBirdsRoutesAsLongLivedStaleAfterTheRestartTime() {
    keepsTheKilledPeersRoutes(BIRD);
  }

  @Test
  void tabbyKeepsAKilledFrrsRoutesAsLongLivedStaleAfterTheRestartTime() {
    keepsTheKilledPeersRoutes(FRR);
  }

  @Test
  void birdKeepsAKilledTabbysRoutesAsLongLivedStaleAfterItsRestartTime() {
    peerKeepsKilledTabbysRoutes(BIRD);
  }

  @Test
  void frrKeepsAKilledTabbysRoutesAsLongLivedStaleAfterItsRestartTime() {
    peerKeepsKilledTabbysRoutes(FRR);
  }

  private static void keepsTheKilledPeersRoutes(Daemon daemon) {
    try (Lab lab = Lab.create()) {
      PeerLink link = PeerLink.create(lab, "peer");
      BgpDaemon peer = daemon.start().apply(link.peer(), peerConfig());
      // maxRestartTime caps the peer's 120 s restart time: the long-lived stage starts after 2 s.
      TabbyBgp tabby = TabbyBgp.start(link.tabby(), tabbyConfig("", "maxRestartTime: 2, "));
      tabby.awaitEstablished(PeerLink.PEER);
      tabby.awaitRoute(PEER_ROUTE);

      PresenceWatch watch = PresenceWatch.start(() -> tabby.route(PEER_ROUTE).isPresent());
      try (watch) {
        peer.process().kill();
        Wait.until(
            "tabby-bgp to tag the peer's route " + LLGR_STALE,
            Duration.ofSeconds(20),
            () -> tabby.route(PEER_ROUTE),
            route -> tagged(route, LLGR_STALE));
        assertThat(tabby.process().log())
            .contains("event=long-lived-stale-begin stale-time={ipv4-unicast=300} tagged=1");

        BgpDaemon restarted = daemon.crashAndRestart().apply(peer, peerConfig());
        restarted.awaitEstablished(PeerLink.TABBY);
        Wait.until(
            "the peer's route sent again, without " + LLGR_STALE,
            Duration.ofSeconds(30),
            () -> tabby.route(PEER_ROUTE),
            route -> route.isPresent() && !tagged(route, LLGR_STALE));
      }
      assertThat(watch.misses()).as("polls of %s that found no route", PEER_ROUTE).isZero();
      Wait.until(
          "no stale route left",
          Duration.ofSeconds(30),
          () -> tabby.peer(PeerLink.PEER).path("stale").asLong(),
          stale -> stale == 0);
    }
  }

  private static void peerKeepsKilledTabbysRoutes(Daemon daemon) {
    try (Lab lab = Lab.create()) {
      PeerLink link = PeerLink.create(lab, "peer");
      BgpDaemon peer = daemon.start().apply(link.peer(), peerConfig());
      TabbyBgp tabby =
          TabbyBgp.start(
              link.tabby(),
              tabbyConfig(
                  "gracefulRestart: {restartTime: 2, restartable: true, forwardingPreserved: true}",
                  ""));
      peer.awaitRoute(TABBY_ROUTE);

      tabby.process().kill();

      Wait.until(
          peer + " to keep Tabby's route tagged LLGR_STALE after Tabby's 2 s restart time",
          Duration.ofSeconds(20),
          () -> daemon.showsTabbysRouteLongLivedStale().test(peer),
          shown -> shown);
      assertThat(peer.routes(TABBY_ROUTE)).as("still %s's route", peer).isNotEmpty();
    }
  }

  private static boolean tagged(Optional<JsonNode> route, String community) {
    if (route.isEmpty()) {
      return false;
    }
    for (JsonNode element : route.get().path("communities")) {
      if (element.asString().equals(community)) {
        return true;
      }
    }
    return false;
  }
}
