package dev.tabby.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.net.InetAddresses;
import dev.tabby.bgp.policy.RoutePolicy;
import dev.tabby.bgp.rib.AddPathSelection;
import dev.tabby.bgp.rib.BestPathChange;
import dev.tabby.bgp.rib.PeerInfo;
import dev.tabby.bgp.wire.AddressFamily;
import dev.tabby.bgp.wire.Communities;
import dev.tabby.bgp.wire.Origin;
import dev.tabby.bgp.wire.PathAttributes;
import dev.tabby.dataplane.NextHop;
import dev.tabby.dataplane.Route;
import dev.tabby.net.IpAddress;
import dev.tabby.net.IpPrefix;
import java.net.Inet4Address;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LearnedRoutesTest {

  private static final IpPrefix BLOCK = IpPrefix.parse("10.244.1.0/26");

  private final LearnedRoutes routes = new LearnedRoutes(null, null);

  @Test
  void aLearnedBestPathBecomesARouteThroughItsNextHop() {
    dev.tabby.bgp.rib.Route viaN2 = learned(BLOCK, "10.0.0.2");
    Route route = Route.via(IpPrefix.parse("10.244.1.0/26"), IpAddress.parse("10.0.0.2"));

    LearnedRoutes.Changes changes =
        routes.apply(List.of(new BestPathChange(BLOCK, viaN2, List.of(viaN2))));

    assertThat(changes.upserted()).containsExactly(route);
    assertThat(changes.removed()).isEmpty();
    assertThat(routes.routes()).containsExactly(route);
  }

  @Test
  void routesLeaveFromTheNodesBgpAddressOfTheirFamily() {
    LearnedRoutes sourced =
        new LearnedRoutes(IpAddress.parse("10.0.0.1"), IpAddress.parse("fd00::1"));
    IpPrefix v6Block = IpPrefix.parse("fd00:244::/122");
    dev.tabby.bgp.rib.Route viaN2 = learned(BLOCK, "10.0.0.2");
    dev.tabby.bgp.rib.Route viaN2v6 = learned(v6Block, "fd00::2");

    sourced.apply(
        List.of(
            new BestPathChange(BLOCK, viaN2, List.of(viaN2)),
            new BestPathChange(v6Block, viaN2v6, List.of(viaN2v6))));

    assertThat(sourced.routes())
        .containsExactlyInAnyOrder(
            Route.via(IpPrefix.parse("10.244.1.0/26"), IpAddress.parse("10.0.0.2"))
                .withSource(IpAddress.parse("10.0.0.1")),
            Route.via(IpPrefix.parse("fd00:244::/122"), IpAddress.parse("fd00::2"))
                .withSource(IpAddress.parse("fd00::1")));
  }

  /** IPv6 next hops of an IPv4 block come from an RFC 8950 (extended next hop) session. */
  @ParameterizedTest
  @CsvSource({"10.0.0.2, 10.0.0.3", "fd00:12::2, fd00:12::3"})
  void aMultipathSetBecomesAnEcmpRoute(String first, String second) {
    dev.tabby.bgp.rib.Route a = learned(BLOCK, first);
    dev.tabby.bgp.rib.Route b = learned(BLOCK, second);

    routes.apply(List.of(new BestPathChange(BLOCK, a, List.of(a, b))));

    assertThat(routes.routes())
        .containsExactly(
            Route.unicast(
                IpPrefix.parse("10.244.1.0/26"),
                List.of(
                    NextHop.via(IpAddress.parse(first)), NextHop.via(IpAddress.parse(second)))));
  }

  @Test
  void aWithdrawalRemovesTheRoute() {
    dev.tabby.bgp.rib.Route viaN2 = learned(BLOCK, "10.0.0.2");
    routes.apply(List.of(new BestPathChange(BLOCK, viaN2, List.of(viaN2))));

    LearnedRoutes.Changes changes =
        routes.apply(List.of(new BestPathChange(BLOCK, null, List.of())));

    assertThat(changes.removed())
        .containsExactly(
            Route.via(IpPrefix.parse("10.244.1.0/26"), IpAddress.parse("10.0.0.2")).key());
    assertThat(changes.upserted()).isEmpty();
    assertThat(routes.routes()).isEmpty();
    assertThat(routes.apply(List.of(new BestPathChange(BLOCK, null, List.of()))).isEmpty())
        .isTrue();
  }

  @Test
  void ourOwnOriginatedBlocksGetNoLearnedRoute() {
    dev.tabby.bgp.rib.Route own =
        new dev.tabby.bgp.rib.Route(
            BLOCK, PathAttributes.builder().origin(Origin.IGP).build(), null);

    assertThat(routes.apply(List.of(new BestPathChange(BLOCK, own, List.of(own)))).isEmpty())
        .isTrue();

    assertThat(routes.routes()).isEmpty();
  }

  @Test
  void aNewNextHopReplacesTheRoute() {
    dev.tabby.bgp.rib.Route viaN2 = learned(BLOCK, "10.0.0.2");
    dev.tabby.bgp.rib.Route viaN3 = learned(BLOCK, "10.0.0.3");
    routes.apply(List.of(new BestPathChange(BLOCK, viaN2, List.of(viaN2))));

    LearnedRoutes.Changes changes =
        routes.apply(List.of(new BestPathChange(BLOCK, viaN3, List.of(viaN3))));

    Route viaN3Route = Route.via(IpPrefix.parse("10.244.1.0/26"), IpAddress.parse("10.0.0.3"));
    assertThat(changes.upserted()).containsExactly(viaN3Route);
    assertThat(changes.removed()).isEmpty();
    assertThat(routes.routes()).containsExactly(viaN3Route);
  }

  @Test
  void anUnchangedBestPathIsNoChange() {
    dev.tabby.bgp.rib.Route viaN2 = learned(BLOCK, "10.0.0.2");
    routes.apply(List.of(new BestPathChange(BLOCK, viaN2, List.of(viaN2))));

    assertThat(routes.apply(List.of(new BestPathChange(BLOCK, viaN2, List.of(viaN2)))).isEmpty())
        .isTrue();
  }

  @Test
  void aBestPathKeptAsLongLivedStaleKeepsItsKernelRoute() {
    dev.tabby.bgp.rib.Route viaN2 = learned(BLOCK, "10.0.0.2");
    routes.apply(List.of(new BestPathChange(BLOCK, viaN2, List.of(viaN2))));
    // What the speaker reports when the peer's restart time is over (RFC 9494): the same path,
    // tagged LLGR_STALE.
    dev.tabby.bgp.rib.Route longLivedStale =
        new dev.tabby.bgp.rib.Route(
            BLOCK,
            viaN2.attributes().toBuilder().communities(Communities.LLGR_STALE).build(),
            viaN2.source());

    LearnedRoutes.Changes changes =
        routes.apply(List.of(new BestPathChange(BLOCK, longLivedStale, List.of(longLivedStale))));

    assertThat(changes.isEmpty()).as("nothing for the reconciler to change").isTrue();
    assertThat(routes.routes())
        .containsExactly(Route.via(IpPrefix.parse("10.244.1.0/26"), IpAddress.parse("10.0.0.2")));
  }

  private static dev.tabby.bgp.rib.Route learned(IpPrefix prefix, String nextHop) {
    PeerInfo peer =
        new PeerInfo(
            InetAddresses.forString(nextHop),
            64512,
            64512,
            (Inet4Address) InetAddresses.forString(nextHop.contains(":") ? "10.0.0.99" : nextHop),
            Set.of(AddressFamily.IPV4_UNICAST),
            true,
            false,
            false,
            false,
            InetAddresses.forString("10.0.0.1"),
            null,
            RoutePolicy.ACCEPT_ALL,
            RoutePolicy.ACCEPT_ALL,
            Map.of(),
            false,
            Set.of(),
            AddPathSelection.MULTIPATH,
            false,
            false);
    return new dev.tabby.bgp.rib.Route(
        prefix,
        PathAttributes.builder()
            .origin(Origin.IGP)
            .nextHop(InetAddresses.forString(nextHop))
            .build(),
        peer);
  }
}
