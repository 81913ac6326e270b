package dev.tabby.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabby.net.IpAddress;
import dev.tabby.net.IpPrefix;
import dev.tabby.testbench.Host;
import dev.tabby.testbench.Lab;
import dev.tabby.testbench.Wait;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The reconciler against a real kernel: converge, no-op resync, repair, coexistence. */
class RouteReconcilerIT {
  private static final int PROTO = RouteReconciler.DEFAULT_PROTOCOL;
  private static final IpAddress GW = IpAddress.parse("192.0.2.2");
  private static final int RTPROT_STATIC = 4;
  private static final Duration RETRY_TIMER_UNUSED = Duration.ofMinutes(1);

  private Lab lab;
  private Host host;
  private NetworkNamespace namespace;
  private Netlink netlink;
  private RouteReconciler reconciler;
  private NetlinkMonitor monitor;

  @BeforeEach
  void createHost() {
    lab = Lab.create();
    host = lab.host("rec");
    host.execOk("ip", "link", "add", "d0", "type", "veth", "peer", "name", "d0peer");
    host.execOk("ip", "link", "set", "d0peer", "up");
    host.execOk("ip", "link", "set", "d0", "up");
    host.addAddress("d0", "192.0.2.1/24").addAddress("d0", "2001:db8::1/64");
    namespace = NetworkNamespace.open(host.namespacePath());
    netlink = namespace.openNetlink();
    reconciler =
        new RouteReconciler(
            netlink,
            new RouteReconciler.Config(PROTO, Duration.ofMinutes(5), Duration.ofMillis(10)));
  }

  @AfterEach
  void tearDown() {
    if (monitor != null) {
      monitor.close();
    }
    reconciler.close();
    netlink.close();
    namespace.close();
    lab.close();
  }

  private static List<Route> slash26Routes(int count) {
    List<Route> routes = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int address = (10 << 24) + (i << 6);
      byte[] bytes = {
        (byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address
      };
      routes.add(Route.via(IpPrefix.of(IpAddress.of(bytes), 26), GW));
    }
    return routes;
  }

  @Test
  void tenThousandRoutesConvergeAndASecondConvergeIsANoOpBesideForeignRoutes() throws Exception {
    host.execOk("ip", "route", "add", "10.0.0.0/26", "via", "192.0.2.3", "proto", "bird");
    host.execOk("ip", "route", "add", "172.16.0.0/16", "via", "192.0.2.3", "proto", "static");
    List<Route> desired = slash26Routes(10_000);

    ConvergeReport first = reconciler.setDesired(desired).get();

    // 10.0.0.0/26 is held by BIRD's route: reported as a conflict, left alone.
    assertThat(first.added()).isEqualTo(9_999);
    assertThat(first.failures())
        .singleElement()
        .satisfies(
            f -> assertThat(f.error().getMessage()).contains("10.0.0.0/26").contains("EEXIST"));
    assertThat(KernelView.count(host, "-4", PROTO)).isEqualTo(9_999);
    assertThat(KernelView.routes(host, "-4", 12))
        .containsExactly("10.0.0.0/26 via 192.0.2.3 dev d0");
    assertThat(KernelView.routes(host, "-4", 4))
        .containsExactly("172.16.0.0/16 via 192.0.2.3 dev d0");

    // The conflict is known: the resync writes nothing, not even the refused route again.
    ConvergeReport second = reconciler.converge();
    assertThat(second.wasNoOp()).as("second converge %s", second).isTrue();
    assertThat(second.owned()).isEqualTo(9_999);

    ConvergeReport shrink = reconciler.setDesired(desired.subList(0, 100)).get();
    assertThat(shrink.removed()).isEqualTo(9_900);
    assertThat(KernelView.count(host, "-4", PROTO)).isEqualTo(99);
    assertThat(KernelView.routes(host, "-4", 12)).hasSize(1);
    assertThat(KernelView.routes(host, "-4", 4)).hasSize(1);
    assertThat(host.execOk("ip", "route", "show", "proto", "kernel").stdout())
        .contains("192.0.2.0/24 dev d0");
    assertThat(reconciler.metrics().routesRemoved()).isEqualTo(9_900);
    // The conflict was counted once, when found, and BIRD's route left alone.
    assertThat(reconciler.metrics().conflicts()).isEqualTo(1);
    assertThat(reconciler.metrics().routesInConflict()).isEqualTo(1);
  }

  @Test
  void anIpv4RouteViaAnIpv6GatewayIsInstalledOnceAndThenLeftAlone() throws Exception {
    Route viaInet6 = Route.via(IpPrefix.parse("10.40.0.0/24"), IpAddress.parse("2001:db8::2"));

    ConvergeReport first = reconciler.setDesired(List.of(viaInet6)).get();

    assertThat(first.added()).as("first converge %s", first).isEqualTo(1);
    assertThat(KernelView.routes(host, "-4", PROTO))
        .containsExactly("10.40.0.0/24 via inet6 2001:db8::2 dev d0");
    ConvergeReport second = reconciler.converge();
    assertThat(second.wasNoOp()).as("read back as installed: %s", second).isTrue();
  }

  @Test
  void aRouteDeletedOrChangedBehindOurBackComesBack() throws Exception {
    monitor = namespace.call(() -> NetlinkMonitor.start(reconciler));
    Route v4 = Route.via(IpPrefix.parse("10.9.0.0/24"), GW);
    Route v6 =
        Route.unicast(
            IpPrefix.parse("2001:db8:9::/64"),
            List.of(
                NextHop.via(IpAddress.parse("2001:db8::2")),
                NextHop.via(IpAddress.parse("2001:db8::3"))));
    Route blackhole = Route.blackhole(IpPrefix.parse("10.10.0.0/16"));
    reconciler.setDesired(List.of(v4, v6, blackhole)).get();

    host.execOk("ip", "route", "del", "10.9.0.0/24");
    Wait.until(
        "10.9.0.0/24 to be put back after `ip route del`",
        Duration.ofSeconds(10),
        () -> KernelView.routes(host, "-4", PROTO),
        routes -> routes.contains("10.9.0.0/24 via 192.0.2.2 dev d0"));

    host.execOk("ip", "route", "change", "10.10.0.0/16", "via", "192.0.2.7", "proto", "" + PROTO);
    Wait.until(
        "10.10.0.0/16 to be a blackhole again after `ip route change`",
        Duration.ofSeconds(10),
        () -> KernelView.routes(host, "-4", PROTO),
        routes -> routes.contains("blackhole 10.10.0.0/16"));

    host.execOk("ip", "-6", "route", "del", "2001:db8:9::/64");
    Wait.until(
        "2001:db8:9::/64 to be put back with both next hops",
        Duration.ofSeconds(10),
        () -> KernelView.routes(host, "-6", PROTO),
        routes ->
            routes.contains(
                "2001:db8:9::/64 metric 1024 pref medium nexthop via 2001:db8::2 dev d0 weight 1"
                    + " nexthop via 2001:db8::3 dev d0 weight 1"));

    host.execOk("ip", "route", "add", "10.11.0.0/24", "via", "192.0.2.9", "proto", "" + PROTO);
    Wait.until(
        "a stray route of our protocol to be removed",
        Duration.ofSeconds(10),
        () -> KernelView.routes(host, "-4", PROTO),
        routes -> routes.stream().noneMatch(r -> r.startsWith("10.11.0.0/24")));
    // The kernel shows a write before the reconciler has settled its answer.
    Wait.until(
        "the stray route no longer counted as ours",
        Duration.ofSeconds(10),
        reconciler::metrics,
        metrics -> metrics.routesOwned() == 3);
    assertThat(reconciler.metrics().routesRepaired()).isGreaterThanOrEqualTo(3);
  }

  @Test
  void aRouteDeletedWhileNotificationsOverflowIsPutBackByTheResync() throws Exception {
    // The listener in front of the reconciler holds the first notification until released, so the
    // monitor's small socket buffer fills with the foreign routes' notifications and the kernel
    // drops the rest, the deletion of our route among them: only the overflow can tell of it.
    CountDownLatch release = new CountDownLatch(1);
    Set<IpPrefix> deletionsDelivered = ConcurrentHashMap.newKeySet();
    NetlinkMonitor.Listener heldBack =
        new NetlinkMonitor.Listener() {
          @Override
          public void routeChanged(Route route, boolean deleted) {
            awaitQuietly(release);
            if (deleted) {
              deletionsDelivered.add(route.destination());
            }
            reconciler.routeChanged(route, deleted);
          }

          @Override
          public void overrun() {
            reconciler.overrun();
          }
        };
    monitor = namespace.call(() -> NetlinkMonitor.start(heldBack, 64 * 1024));
    Route ours = Route.via(IpPrefix.parse("10.9.0.0/24"), GW);
    reconciler.setDesired(List.of(ours)).get();
    List<Route> foreign = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      foreign.add(
          Route.via(IpPrefix.parse("10.60." + (i / 256) + "." + (i % 256) + "/32"), GW)
              .withProtocol(RTPROT_STATIC));
    }
    assertThat(netlink.apply(RouteOperation.ADD, foreign)).isEmpty();
    host.execOk("ip", "route", "del", "10.9.0.0/24");
    long resyncsBefore = reconciler.metrics().resyncs();

    release.countDown();

    Wait.until(
        "10.9.0.0/24 to be put back by the resync after the overflow",
        Duration.ofSeconds(10),
        () -> KernelView.routes(host, "-4", PROTO),
        routes -> routes.contains("10.9.0.0/24 via 192.0.2.2 dev d0"));
    // The kernel shows the route back before the resync that wrote it has counted it.
    Wait.until(
        "the resync and its repair counted",
        Duration.ofSeconds(10),
        reconciler::metrics,
        metrics -> metrics.resyncs() > resyncsBefore && metrics.routesRepaired() == 1);
    assertThat(deletionsDelivered)
        .as("deletions that reached the reconciler as notifications")
        .doesNotContain(ours.destination());
    assertThat(KernelView.count(host, "-4", RTPROT_STATIC)).isEqualTo(5_000);
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void aForeignRouteOnOurKeyIsReportedOnceAndOursTakesTheKeyWhenItGoes() throws Exception {
    monitor = namespace.call(() -> NetlinkMonitor.start(reconciler));
    host.execOk("ip", "route", "add", "10.20.0.0/24", "via", "192.0.2.3", "proto", "bird");
    Route ours = Route.via(IpPrefix.parse("10.20.0.0/24"), GW);

    ConvergeReport first = reconciler.source("bgp").upsert(ours).get();
    assertThat(first.failures())
        .singleElement()
        .satisfies(f -> assertThat(f.toString()).contains("EEXIST"));
    assertThat(reconciler.converge().wasNoOp()).isTrue();
    assertThat(reconciler.converge().wasNoOp()).isTrue();
    assertThat(reconciler.metrics().conflicts()).isEqualTo(1);

    host.execOk("ip", "route", "del", "10.20.0.0/24", "proto", "bird");

    Wait.until(
        "our 10.20.0.0/24 installed once BIRD's route went",
        Duration.ofSeconds(10),
        () -> KernelView.routes(host, "-4", PROTO),
        routes -> routes.contains("10.20.0.0/24 via 192.0.2.2 dev d0"));
    assertThat(reconciler.metrics().routesInConflict()).isZero();
    assertThat(reconciler.metrics().conflicts()).isEqualTo(1);
  }

  @Test
  void afterALinkFlapEveryRouteIsBackOnLinkUpWithoutWaitingForTheRetryTimer() throws Exception {
    // Retries on a timer wait a minute here: only the reaction to link-up can bring the routes
    // back within the wait below, however loaded the machine.
    reconciler.close();
    reconciler =
        new RouteReconciler(
            netlink,
            new RouteReconciler.Config(
                PROTO,
                Duration.ofMinutes(5),
                Duration.ofMillis(10),
                RETRY_TIMER_UNUSED,
                RETRY_TIMER_UNUSED));
    monitor = namespace.call(() -> NetlinkMonitor.start(reconciler));
    List<Route> desired = new ArrayList<>(slash26Routes(900));
    desired.add(Route.blackhole(IpPrefix.parse("10.250.0.0/16")));
    desired.add(Route.device(IpPrefix.parse("10.251.0.0/24"), netlink.ifIndex("d0")));
    assertThat(reconciler.setDesired(desired).get().failures()).isEmpty();
    assertThat(KernelView.count(host, "-4", PROTO)).isEqualTo(902);

    host.execOk("ip", "link", "set", "d0", "down");
    // The kernel drops the routes through d0 without a notification for each; the reconciler's
    // repair finds them gone and the kernel refuses them back while the link is down.
    Wait.until(
        "the routes through d0 refused while it is down",
        Duration.ofSeconds(10),
        () -> reconciler.metrics().routesAwaitingRetry(),
        waiting -> waiting == 901);
    assertThat(KernelView.count(host, "-4", PROTO)).isEqualTo(1);
    host.execOk("ip", "link", "set", "d0", "up");

    Wait.until(
        "all 902 routes back after link-up, before any retry timer could fire",
        RETRY_TIMER_UNUSED.dividedBy(3),
        () -> KernelView.count(host, "-4", PROTO),
        count -> count == 902);
    Wait.until(
        "the 901 routes counted as repaired once written",
        Duration.ofSeconds(10),
        () -> reconciler.metrics().routesRepaired(),
        repaired -> repaired >= 901);
  }

  @Test
  void aChangedDesiredRouteIsReplacedInPlaceInItsOwnTable() throws Exception {
    Route before = Route.via(IpPrefix.parse("10.12.0.0/24"), GW).inTable(100).withMetric(20);
    Route after =
        Route.unicast(
                IpPrefix.parse("10.12.0.0/24"),
                List.of(NextHop.via(GW), NextHop.via(IpAddress.parse("192.0.2.3"))))
            .inTable(100)
            .withMetric(20);
    reconciler.setDesired(List.of(before)).get();

    ConvergeReport report = reconciler.setDesired(List.of(after)).get();

    assertThat(report.updated()).isEqualTo(1);
    assertThat(report.added() + report.removed() + report.repaired()).isZero();
    assertThat(KernelView.routes(host, "-4", PROTO))
        .containsExactly(
            "10.12.0.0/24 table 100 metric 20 nexthop via 192.0.2.2 dev d0 weight 1"
                + " nexthop via 192.0.2.3 dev d0 weight 1");
    assertThat(reconciler.metrics().routesUpdated()).isEqualTo(1);
  }
}
