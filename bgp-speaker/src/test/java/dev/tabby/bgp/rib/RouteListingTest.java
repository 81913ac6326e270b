package dev.tabby.bgp.rib;

import static dev.tabby.bgp.rib.TestPeer.LOCAL_AS;
import static dev.tabby.bgp.rib.TestPeer.LOCAL_ROUTER_ID;
import static dev.tabby.bgp.rib.TestPeer.attributes;
import static dev.tabby.bgp.rib.TestPeer.ebgp;
import static dev.tabby.bgp.rib.TestPeer.ibgp;
import static dev.tabby.bgp.rib.TestPeer.ip;
import static dev.tabby.bgp.rib.TestPeer.prefix;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tabby.bgp.rib.RouteFilter.PrefixMatch;
import dev.tabby.bgp.wire.Communities;
import dev.tabby.bgp.wire.PathAttributes;
import dev.tabby.bgp.wire.UpdateMessage;
import dev.tabby.net.IpPrefix;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Listing the Loc-RIB page by page and filtered, as the state endpoint does. */
class RouteListingTest {
  private static final int TAGGED = Communities.parse("65001:7");

  private final RibCore rib =
      new RibCore(LOCAL_ROUTER_ID, LOCAL_AS, null, UnpooledByteBufAllocator.DEFAULT);

  @BeforeEach
  void table() {
    FakePeer a = up(ebgp("10.0.0.1", 65001));
    FakePeer b = up(ebgp("10.0.0.2", 65002));
    announce(a, attributes("10.0.0.1", 65001).build(), "10.0.0.0/8", "10.1.2.0/24");
    announce(a, attributes("10.0.0.1", 65001).communities(TAGGED).build(), "10.1.0.0/16");
    announce(b, attributes("10.0.0.2", 65002).build(), "192.168.0.0/24");
    announce(b, attributes("2001:db8::2", 65002).build(), "2001:db8::/32");
    rib.originate(prefix("172.16.0.0/12"), PathAttributes.builder().build());
    rib.flush();
  }

  @Test
  void pagesWalkTheWholeTableInPrefixOrder() {
    List<IpPrefix> listed = new ArrayList<>();
    List<Boolean> complete = new ArrayList<>();
    IpPrefix after = null;
    RoutePage page;
    do {
      page = rib.bestPaths(RouteFilter.ALL, after, 2);
      page.routes().forEach(path -> listed.add(path.prefix()));
      complete.add(page.complete());
      after = listed.get(listed.size() - 1);
    } while (!page.complete());

    assertThat(listed)
        .containsExactly(
            prefix("10.0.0.0/8"),
            prefix("10.1.0.0/16"),
            prefix("10.1.2.0/24"),
            prefix("172.16.0.0/12"),
            prefix("192.168.0.0/24"),
            prefix("2001:db8::/32"));
    assertThat(complete).containsExactly(false, false, true);
  }

  @Test
  void aPageThatEndsWithTheTableIsComplete() {
    assertThat(rib.bestPaths(RouteFilter.ALL, null, 6).complete()).isTrue();
    assertThat(rib.bestPaths(RouteFilter.ALL, null, 5).complete()).isFalse();
    assertThat(rib.bestPaths(RouteFilter.ALL, prefix("2001:db8::/32"), 5).routes()).isEmpty();
  }

  @Test
  void exactPrefix() {
    assertThat(list(match(PrefixMatch.EXACT, "10.1.0.0/16"))).containsExactly("10.1.0.0/16");
    assertThat(list(match(PrefixMatch.EXACT, "10.1.0.0/17"))).isEmpty();
  }

  @Test
  void longestMatch() {
    assertThat(list(match(PrefixMatch.LONGEST, "10.1.2.3/32"))).containsExactly("10.1.2.0/24");
    assertThat(list(match(PrefixMatch.LONGEST, "10.1.9.9/32"))).containsExactly("10.1.0.0/16");
    assertThat(list(match(PrefixMatch.LONGEST, "10.9.9.9/32"))).containsExactly("10.0.0.0/8");
    assertThat(list(match(PrefixMatch.LONGEST, "2001:db8::1/128")))
        .containsExactly("2001:db8::/32");
    assertThat(list(match(PrefixMatch.LONGEST, "11.0.0.1/32"))).isEmpty();
  }

  @Test
  void moreSpecificsIncludeThePrefixItself() {
    assertThat(list(match(PrefixMatch.MORE_SPECIFIC, "10.1.0.0/16")))
        .containsExactly("10.1.0.0/16", "10.1.2.0/24");
    assertThat(list(match(PrefixMatch.MORE_SPECIFIC, "0.0.0.0/0")))
        .containsExactly(
            "10.0.0.0/8", "10.1.0.0/16", "10.1.2.0/24", "172.16.0.0/12", "192.168.0.0/24");
  }

  @Test
  void byPeerOrOriginated() {
    assertThat(list(new RouteFilter(null, null, ip("10.0.0.2"), false, null)))
        .containsExactly("192.168.0.0/24", "2001:db8::/32");
    assertThat(list(new RouteFilter(null, null, null, true, null)))
        .containsExactly("172.16.0.0/12");
  }

  @Test
  void byCommunity() {
    assertThat(list(new RouteFilter(null, null, null, false, TAGGED)))
        .containsExactly("10.1.0.0/16");
  }

  @Test
  void filtersCombine() {
    RouteFilter fromAInside10 =
        new RouteFilter(
            PrefixMatch.MORE_SPECIFIC, prefix("10.0.0.0/8"), ip("10.0.0.1"), false, null);
    assertThat(list(fromAInside10)).containsExactly("10.0.0.0/8", "10.1.0.0/16", "10.1.2.0/24");
    RouteFilter fromBInside10 =
        new RouteFilter(
            PrefixMatch.MORE_SPECIFIC, prefix("10.0.0.0/8"), ip("10.0.0.2"), false, null);
    assertThat(list(fromBInside10)).isEmpty();
  }

  @Test
  void pagesOfAFilteredListingSkipWhatDoesNotMatch() {
    RouteFilter inside10 = match(PrefixMatch.MORE_SPECIFIC, "10.0.0.0/8");
    RoutePage first = rib.bestPaths(inside10, null, 1);
    RoutePage last = rib.bestPaths(inside10, prefix("10.1.0.0/16"), 1);

    assertThat(first.routes()).extracting(p -> p.prefix().toString()).containsExactly("10.0.0.0/8");
    assertThat(first.complete()).isFalse();
    assertThat(last.routes()).extracting(p -> p.prefix().toString()).containsExactly("10.1.2.0/24");
    assertThat(last.complete()).isTrue();
  }

  @Test
  void anEcmpRouteListsTheNextHopsOfItsMultipathSet() {
    announce(up(ibgp("10.0.0.4")), attributes("10.0.0.4").build(), "10.9.0.0/24");
    announce(up(ibgp("10.0.0.3")), attributes("10.0.0.3").build(), "10.9.0.0/24");
    rib.flush();

    RoutePage ecmp = rib.bestPaths(match(PrefixMatch.EXACT, "10.9.0.0/24"), null, 10);
    RoutePage single = rib.bestPaths(match(PrefixMatch.EXACT, "10.1.2.0/24"), null, 10);

    Route route = ecmp.routes().get(0);
    assertThat(route.attributes().nextHop()).as("the best path's").isEqualTo(ip("10.0.0.3"));
    assertThat(ecmp.nextHops(route)).containsExactly(ip("10.0.0.3"), ip("10.0.0.4"));
    assertThat(single.nextHops(single.routes().get(0))).containsExactly(ip("10.0.0.1"));
  }

  private List<String> list(RouteFilter filter) {
    return rib.bestPaths(filter, null, 100).routes().stream()
        .map(path -> path.prefix().toString())
        .toList();
  }

  private static RouteFilter match(PrefixMatch match, String prefix) {
    return new RouteFilter(match, prefix(prefix), null, false, null);
  }

  private FakePeer up(TestPeer peer) {
    return FakePeer.upIn(rib, peer);
  }

  private void announce(FakePeer from, PathAttributes attributes, String... prefixes) {
    rib.update(
        from.info.address(),
        UpdateMessage.announce(attributes, Arrays.stream(prefixes).map(IpPrefix::parse).toList()));
  }
}
