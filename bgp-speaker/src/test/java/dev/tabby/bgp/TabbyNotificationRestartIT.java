package dev.tabby.bgp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabby.testbench.Lab;
import dev.tabby.testbench.Wait;
import dev.tabby.testbench.bgp.BgpDaemonConfig;
import dev.tabby.testbench.bgp.Frr;
import dev.tabby.testbench.bgp.Neighbor;
import dev.tabby.testbench.bgp.TabbyBgp;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * RFC 8538 with FRR 8.4: both set the N bit, so FRR's {@code clear bgp} (Cease / Administrative
 * Reset) is restarted from gracefully unless FRR wraps it in a Hard Reset.
 */
class TabbyNotificationRestartIT {

  private static final String FRR_ROUTE = "10.2.0.0/24";
  private static final String TABBY = PeerLink.TABBY;

  private static final String TABBY_CONFIG =
      """
      routerId: 10.0.0.1
      localAs: 65000
      listen: {address: 10.0.0.1, port: 179}
      peers:
        - {address: 10.0.0.2, as: 65000, connectRetryTime: 1}
      prefixes: [{prefix: 10.1.0.0/24}]
      """;

  private static Frr startFrr(Lab lab, PeerLink link) {
    Frr frr =
        Frr.start(
            link.peer(),
            BgpDaemonConfig.builder("10.0.0.2", 65000)
                .neighbor(Neighbor.of("10.0.0.1", 65000))
                .originate(FRR_ROUTE)
                .gracefulRestart()
                .build());
    configure(frr, "bgp graceful-restart notification");
    return frr;
  }

  private static void configure(Frr frr, String line) {
    String out =
        frr.vtysh("configure terminal", "router bgp 65000", line).orThrow().stdout().strip();
    assertThat(out).as("FRR's answer to `%s`", line).isEmpty();
  }

  @Test
  void frrsAdministrativeResetWithTheNBitKeepsItsRoutesAndItsHardResetDoesNot() {
    try (Lab lab = Lab.create()) {
      PeerLink link = PeerLink.create(lab, "frr");
      Frr frr = startFrr(lab, link);
      TabbyBgp tabby = TabbyBgp.start(link.tabby(), TABBY_CONFIG);
      tabby.awaitEstablished(PeerLink.PEER);
      tabby.awaitRoute(FRR_ROUTE);
      frr.awaitRoute("10.1.0.0/24");
      assertThat(frr.vtysh("show bgp neighbors " + TABBY + " json").orThrow().stdout())
          .as("FRR sees Tabby's N bit")
          .contains("\"nBit\":true");

      configure(frr, "no bgp hard-administrative-reset");
      PresenceWatch watch = PresenceWatch.start(() -> tabby.route(FRR_ROUTE).isPresent());
      try (watch) {
        frr.vtysh("clear bgp " + TABBY).orThrow();
        awaitLog(tabby, "event=notification-received 6/4");
        awaitLog(tabby, "event=graceful-restart-end-of-rib family=ipv4-unicast flushed=0");
      }
      assertThat(watch.misses()).as("polls of %s that found no route", FRR_ROUTE).isZero();
      assertThat(tabby.process().log()).contains("event=graceful-restart-begin stale-routes=1");

      configure(frr, "bgp hard-administrative-reset");
      tabby.awaitEstablished(PeerLink.PEER);
      frr.vtysh("clear bgp " + TABBY).orThrow();
      awaitLog(
          tabby,
          "event=notification-received 6/9 (Cease / Hard Reset: Cease / Administrative Reset");
      tabby.awaitEstablished(PeerLink.PEER);
      tabby.awaitRoute(FRR_ROUTE);
      assertThat(tabby.process().log().split("event=graceful-restart-begin", -1))
          .as("only the first reset was restarted from")
          .hasSize(2);
      assertThat(tabby.process().log()).contains("down: withdrawing its 1 paths");
    }
  }

  private static void awaitLog(TabbyBgp tabby, String line) {
    Wait.until(
        "tabby-bgp to log " + line,
        Duration.ofSeconds(30),
        () -> tabby.process().log(),
        log -> log.contains(line));
  }
}
