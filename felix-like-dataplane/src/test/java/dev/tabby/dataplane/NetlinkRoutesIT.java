package dev.tabby.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tabby.dataplane.netlink.NetlinkException;
import dev.tabby.net.IpAddress;
import dev.tabby.net.IpPrefix;
import dev.tabby.testbench.Host;
import dev.tabby.testbench.Lab;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every route kind, IPv4 and IPv6, written through netlink and read back with `ip route`. */
class NetlinkRoutesIT {
  private static final int PROTO = 81;
  private static final IpAddress GW2 = IpAddress.parse("192.0.2.2");
  private static final IpAddress GW3 = IpAddress.parse("192.0.2.3");
  private static final IpAddress GW6_2 = IpAddress.parse("2001:db8::2");
  private static final IpAddress GW6_3 = IpAddress.parse("2001:db8::3");

  private static Lab lab;
  private static Host host;
  private static NetworkNamespace namespace;
  private static Netlink netlink;
  private static int d0;

  @BeforeAll
  static void createHostWithOneInterface() {
    lab = Lab.create();
    host = lab.host("routes");
    // A veth pair whose far end stays in the namespace: an interface with carrier to route through.
    host.execOk("ip", "link", "add", "d0", "type", "veth", "peer", "name", "d0peer");
    host.execOk("ip", "link", "set", "d0peer", "up");
    host.execOk("ip", "link", "set", "d0", "up");
    host.addAddress("d0", "192.0.2.1/24").addAddress("d0", "2001:db8::1/64");
    namespace = NetworkNamespace.open(host.namespacePath());
    netlink = namespace.openNetlink();
    d0 = netlink.ifIndex("d0");
  }

  @AfterAll
  static void tearDown() {
    if (netlink != null) {
      netlink.close();
    }
    if (namespace != null) {
      namespace.close();
    }
    if (lab != null) {
      lab.close();
    }
  }

  private static Route ours(Route route) {
    return route.withProtocol(PROTO);
  }

  /** The IPv4 routes read back are the ones written, and deleting them leaves none of ours. */
  private static void assertReadBackAsWrittenThenDeleted(List<Route> routes) {
    assertThat(netlink.routes(AddressFamilies.AF_INET, Netlink.ANY, PROTO))
        .allSatisfy(
            read -> assertThat(routes).anySatisfy(r -> assertThat(r.isSatisfiedBy(read)).isTrue()))
        .hasSize(routes.size());

    assertThat(netlink.apply(RouteOperation.DELETE, routes)).isEmpty();
    assertThat(KernelView.routes(host, "-4", PROTO)).isEmpty();
  }

  @Test
  void everyIpv4RouteKindAppearsInIpRouteExactlyAsIntended() {
    List<Route> routes =
        List.of(
            ours(Route.via(IpPrefix.parse("10.1.0.0/24"), GW2)),
            ours(Route.device(IpPrefix.parse("10.2.0.0/24"), d0)).inTable(100),
            ours(Route.blackhole(IpPrefix.parse("10.3.0.0/24"))),
            ours(Route.unreachable(IpPrefix.parse("10.4.0.0/24"))).withMetric(7),
            ours(
                Route.unicast(
                    IpPrefix.parse("10.5.0.0/24"),
                    List.of(NextHop.via(GW2), NextHop.via(GW3, d0).withWeight(3)))),
            ours(Route.via(IpPrefix.parse("10.6.0.0/24"), GW2)).inTable(1000).withMtu(1400),
            ours(Route.via(IpPrefix.parse("10.7.0.0/24"), GW2))
                .withSource(IpAddress.parse("192.0.2.1")));

    assertThat(netlink.apply(RouteOperation.ADD, routes)).isEmpty();

    assertThat(KernelView.routes(host, "-4", PROTO))
        .containsExactlyInAnyOrder(
            "10.1.0.0/24 via 192.0.2.2 dev d0",
            "10.2.0.0/24 dev d0 table 100 scope link",
            "blackhole 10.3.0.0/24",
            "unreachable 10.4.0.0/24 metric 7",
            "10.5.0.0/24 nexthop via 192.0.2.2 dev d0 weight 1 nexthop via 192.0.2.3 dev d0 weight 3",
            "10.6.0.0/24 via 192.0.2.2 dev d0 table 1000 mtu 1400",
            "10.7.0.0/24 via 192.0.2.2 dev d0 src 192.0.2.1");
    assertReadBackAsWrittenThenDeleted(routes);
  }

  @Test
  void everyIpv6RouteKindAppearsInIpRouteExactlyAsIntended() {
    List<Route> routes =
        List.of(
            ours(Route.via(IpPrefix.parse("2001:db8:1::/64"), GW6_2)),
            ours(Route.device(IpPrefix.parse("2001:db8:2::/64"), d0)).inTable(100),
            ours(Route.blackhole(IpPrefix.parse("2001:db8:3::/64"))),
            ours(Route.unreachable(IpPrefix.parse("2001:db8:4::/64"))).withMetric(7),
            ours(
                Route.unicast(
                    IpPrefix.parse("2001:db8:5::/64"),
                    List.of(NextHop.via(GW6_2, d0), NextHop.via(GW6_3, d0).withWeight(2)))),
            ours(Route.via(IpPrefix.parse("2001:db8:6::/64"), GW6_2)).withMtu(1400),
            ours(Route.via(IpPrefix.parse("2001:db8:7::/64"), GW6_2))
                .withSource(IpAddress.parse("2001:db8::1")));

    assertThat(netlink.apply(RouteOperation.ADD, routes)).isEmpty();

    assertThat(KernelView.routes(host, "-6", PROTO))
        .containsExactlyInAnyOrder(
            "2001:db8:1::/64 via 2001:db8::2 dev d0 metric 1024 pref medium",
            "2001:db8:2::/64 dev d0 table 100 metric 1024 pref medium",
            "blackhole 2001:db8:3::/64 dev lo metric 1024 pref medium",
            "unreachable 2001:db8:4::/64 dev lo metric 7 pref medium",
            "2001:db8:5::/64 metric 1024 pref medium nexthop via 2001:db8::2 dev d0 weight 1"
                + " nexthop via 2001:db8::3 dev d0 weight 2",
            "2001:db8:6::/64 via 2001:db8::2 dev d0 metric 1024 mtu 1400 pref medium",
            "2001:db8:7::/64 via 2001:db8::2 dev d0 src 2001:db8::1 metric 1024 pref medium");
    assertThat(netlink.routes(AddressFamilies.AF_INET6, Netlink.ANY, PROTO)).hasSize(routes.size());

    assertThat(netlink.apply(RouteOperation.DELETE, routes)).isEmpty();
    assertThat(KernelView.routes(host, "-6", PROTO)).isEmpty();
  }

  /** RFC 8950 routes: RTA_VIA, alone or inside RTA_MULTIPATH, and read back as written. */
  @Test
  void ipv4RoutesViaIpv6GatewaysAppearAsViaInet6() {
    List<Route> routes =
        List.of(
            ours(Route.via(IpPrefix.parse("10.8.0.0/24"), GW6_2)),
            ours(
                Route.unicast(
                    IpPrefix.parse("10.13.0.0/24"),
                    List.of(NextHop.via(GW6_2), NextHop.via(GW6_3, d0).withWeight(2)))));

    assertThat(netlink.apply(RouteOperation.ADD, routes)).isEmpty();

    assertThat(KernelView.routes(host, "-4", PROTO))
        .containsExactlyInAnyOrder(
            "10.8.0.0/24 via inet6 2001:db8::2 dev d0",
            "10.13.0.0/24 nexthop via inet6 2001:db8::2 dev d0 weight 1"
                + " nexthop via inet6 2001:db8::3 dev d0 weight 2");
    assertReadBackAsWrittenThenDeleted(routes);
  }

  @Test
  void badRequestsFailWithErrnoAndRouteWhileTheRestOfTheBatchIsApplied() {
    Route good1 = ours(Route.via(IpPrefix.parse("10.20.1.0/24"), GW2));
    Route unreachableGateway =
        ours(Route.via(IpPrefix.parse("10.20.2.0/24"), IpAddress.parse("198.51.100.1")));
    Route missingDevice = ours(Route.device(IpPrefix.parse("10.20.3.0/24"), 9999));
    Route good2 = ours(Route.via(IpPrefix.parse("10.20.4.0/24"), GW3));

    List<RouteFailure> failures =
        netlink.apply(RouteOperation.ADD, List.of(good1, unreachableGateway, missingDevice, good2));

    assertThat(failures)
        .extracting(RouteFailure::route)
        .containsExactly(unreachableGateway, missingDevice);
    assertThat(failures.get(0).error().getMessage())
        .startsWith("add route 10.20.2.0/24 via 198.51.100.1")
        .contains("ENETUNREACH");
    assertThat(failures.get(1).error().getMessage())
        .startsWith("add route 10.20.3.0/24 dev #9999")
        .contains("ENODEV");
    assertThat(KernelView.routes(host, "-4", PROTO))
        .containsExactlyInAnyOrder(
            "10.20.1.0/24 via 192.0.2.2 dev d0", "10.20.4.0/24 via 192.0.2.3 dev d0");

    assertThatThrownBy(() -> netlink.addRoute(good1))
        .isInstanceOf(NetlinkException.class)
        .hasMessageContaining("EEXIST");
    netlink.apply(RouteOperation.DELETE, List.of(good1, good2));
  }

  @Test
  void deletionNeverRemovesARouteOfAnotherProtocol() {
    host.execOk("ip", "route", "add", "10.30.0.0/24", "via", "192.0.2.2", "proto", "bird");

    assertThatThrownBy(
            () -> netlink.deleteRoute(ours(Route.via(IpPrefix.parse("10.30.0.0/24"), GW2))))
        .hasMessageContaining("ESRCH");
    assertThat(KernelView.routes(host, "-4", 12))
        .containsExactly("10.30.0.0/24 via 192.0.2.2 dev d0");
    host.execOk("ip", "route", "del", "10.30.0.0/24", "proto", "bird");
  }
}
