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
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * Tabby's daemon as the restarting speaker (RFC 4724), helped by BIRD and FRR: killed with SIGKILL
 * and started again, its routes stay at the helper throughout; the one it no longer originates goes
 * at its End-of-RIB.
 */
class TabbyRestartsGracefullyIT {

  private static final String KEPT = "10.1.0.0/24";
  private static final String DROPPED = "10.1.1.0/24";

  private static String tabbyConfig(String... prefixes) {
    StringBuilder yaml =
        new StringBuilder(
            """
            routerId: 10.0.0.1
            localAs: 65000
            listen: {address: 10.0.0.1, port: 179}
            gracefulRestart: {restartTime: 120, restartable: true, forwardingPreserved: true}
            peers:
              - {address: 10.0.0.2, as: 65000, connectRetryTime: 1}
            prefixes:
            """);
    for (String prefix : prefixes) {
      yaml.append("  - {prefix: ").append(prefix).append("}\n");
    }
    return yaml.toString();
  }

  private static BgpDaemonConfig helperConfig() {
    return BgpDaemonConfig.builder("10.0.0.2", 65000)
        .neighbor(Neighbor.of("10.0.0.1", 65000))
        .gracefulRestart()
        .build();
  }

  @Test
  void birdKeepsTabbysKernelRouteWhileTabbyRestarts() {
    try (Lab lab = Lab.create()) {
      PeerLink link = PeerLink.create(lab, "bird");
      Bird bird = Bird.start(link.peer(), helperConfig());
      Host birdHost = link.peer();
      // BIRD installs what it learns in its namespace's kernel: that route must never go.
      restartTabby(
          link, bird, () -> birdHost.exec("ip", "route", "show", KEPT).stdout().contains(KEPT));
      assertThat(birdHost.exec("ip", "route", "show", DROPPED).stdout()).isBlank();
    }
  }

  @Test
  void frrKeepsTabbysRoutesWhileTabbyRestarts() {
    try (Lab lab = Lab.create()) {
      PeerLink link = PeerLink.create(lab, "frr");
      Frr frr = Frr.start(link.peer(), helperConfig());
      restartTabby(link, frr, () -> !frr.routes(KEPT).isEmpty());
    }
  }

  private static void restartTabby(PeerLink link, BgpDaemon helper, BooleanSupplier keptPresent) {
    TabbyBgp tabby = TabbyBgp.start(link.tabby(), tabbyConfig(KEPT, DROPPED));
    tabby.awaitEstablished(PeerLink.PEER);
    helper.awaitRoute(KEPT);
    helper.awaitRoute(DROPPED);
    Wait.until("the helper's route to " + KEPT, Duration.ofSeconds(20), keptPresent::getAsBoolean);

    PresenceWatch watch = PresenceWatch.start(keptPresent);
    try (watch) {
      tabby.process().kill();
      helper.awaitNotEstablished(PeerLink.TABBY, Duration.ofSeconds(20));
      TabbyBgp restarted = TabbyBgp.start(link.tabby(), tabbyConfig(KEPT));
      restarted.awaitEstablished(PeerLink.PEER);
      // Within the 120 s restart time only our End-of-RIB takes the route we no longer send.
      helper.awaitNoRoute(DROPPED);
    }
    assertThat(watch.misses()).as("polls of the helper that found no route to %s", KEPT).isZero();
    // As many polls as a loaded machine allows; each one must find the route.
    assertThat(watch.polls()).isPositive();
    helper.awaitRoute(KEPT);
  }
}
