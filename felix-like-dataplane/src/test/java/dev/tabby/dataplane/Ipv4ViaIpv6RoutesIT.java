package dev.tabby.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabby.net.IpAddress;
import dev.tabby.net.IpPrefix;
import dev.tabby.testbench.Host;
import dev.tabby.testbench.Lab;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * IPv4 routes via IPv6 gateways (RTA_VIA) on an interface with only IPv6 addresses, as RFC 8950
 * routes are installed: written through netlink, seen by `ip route` as "via inet6", read back equal
 * so the reconciler leaves them alone, and deleted.
 */
class Ipv4ViaIpv6RoutesIT {
  private static final int PROTO = 81;
  private static final IpAddress GW2 = IpAddress.parse("fd00:12::2");
  private static final IpAddress GW3 = IpAddress.parse("fd00:12::3");

  private static Lab lab;
  private static Host host;
  private static NetworkNamespace namespace;
  private static Netlink netlink;
  private static int d0;

  @BeforeAll
  static void createHostWithAnIpv6OnlyInterface() {
    lab = Lab.create();
    host = lab.host("via6");
    host.execOk("ip", "link", "add", "d0", "type", "veth", "peer", "name", "d0peer");
    host.execOk("ip", "link", "set", "d0peer", "up");
    host.execOk("ip", "link", "set", "d0", "up");
    // nodad: the gateways are on-link at once, without waiting out duplicate address detection.
    host.execOk("ip", "-6", "addr", "add", "fd00:12::1/64", "dev", "d0", "nodad");
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

  @Test
  void ipv4RoutesViaIpv6GatewaysAppearAsViaInet6AndReadBackEqual() {
    List<Route> routes =
        List.of(
            Route.via(IpPrefix.parse("10.244.1.0/26"), GW2).withProtocol(PROTO),
            Route.unicast(
                    IpPrefix.parse("10.244.2.0/26"),
                    List.of(NextHop.via(GW2), NextHop.via(GW3, d0).withWeight(2)))
                .withProtocol(PROTO));

    assertThat(netlink.apply(RouteOperation.ADD, routes)).isEmpty();

    assertThat(KernelView.routes(host, "-4", PROTO))
        .containsExactlyInAnyOrder(
            "10.244.1.0/26 via inet6 fd00:12::2 dev d0",
            "10.244.2.0/26 nexthop via inet6 fd00:12::2 dev d0 weight 1"
                + " nexthop via inet6 fd00:12::3 dev d0 weight 2");
    List<Route> read = netlink.routes(AddressFamilies.AF_INET, Netlink.ANY, PROTO);
    assertThat(read).hasSize(2);
    for (Route wanted : routes) {
      assertThat(read).anySatisfy(r -> assertThat(wanted.isSatisfiedBy(r)).isTrue());
    }

    assertThat(netlink.apply(RouteOperation.DELETE, routes)).isEmpty();
    assertThat(KernelView.routes(host, "-4", PROTO)).isEmpty();
  }

  @Test
  void theReconcilerInstallsThemOnceAndThenHasNothingToDo() throws Exception {
    Route route = Route.via(IpPrefix.parse("10.244.3.0/26"), GW2);
    try (RouteReconciler reconciler =
        new RouteReconciler(
            netlink,
            new RouteReconciler.Config(PROTO, Duration.ofMinutes(5), Duration.ofMillis(10)))) {
      ConvergeReport first = reconciler.setDesired(List.of(route)).get();

      assertThat(first.added()).as("first converge %s", first).isEqualTo(1);
      assertThat(KernelView.routes(host, "-4", PROTO))
          .containsExactly("10.244.3.0/26 via inet6 fd00:12::2 dev d0");
      ConvergeReport second = reconciler.converge();
      assertThat(second.wasNoOp()).as("second converge %s", second).isTrue();
      reconciler.setDesired(List.of()).get();
      assertThat(KernelView.routes(host, "-4", PROTO)).isEmpty();
    }
  }
}
