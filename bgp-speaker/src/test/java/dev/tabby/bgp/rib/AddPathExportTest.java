package dev.tabby.bgp.rib;

import static dev.tabby.bgp.rib.TestPeer.CLUSTER_ID;
import static dev.tabby.bgp.rib.TestPeer.LOCAL_AS;
import static dev.tabby.bgp.rib.TestPeer.LOCAL_ROUTER_ID;
import static dev.tabby.bgp.rib.TestPeer.attributes;
import static dev.tabby.bgp.rib.TestPeer.ibgp;
import static dev.tabby.bgp.rib.TestPeer.ip;
import static dev.tabby.bgp.rib.TestPeer.prefix;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tabby.bgp.wire.AddressFamily;
import dev.tabby.bgp.wire.PathAttributes;
import dev.tabby.bgp.wire.UpdateMessage;
import dev.tabby.net.IpPrefix;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** A route reflector's export to clients with and without ADD-PATH (RFC 7911). */
class AddPathExportTest {
  private static final IpPrefix PREFIX = prefix("10.96.0.10/32");

  private final RibCore rib =
      new RibCore(LOCAL_ROUTER_ID, LOCAL_AS, CLUSTER_ID, UnpooledByteBufAllocator.DEFAULT);
  private final FakePeer first = up(ibgp("10.0.0.1").client());
  private final FakePeer second = up(ibgp("10.0.0.2").client());
  private final FakePeer multipath =
      up(
          ibgp("10.0.0.10")
              .client()
              .addPaths(AddPathSelection.MULTIPATH, AddressFamily.IPV4_UNICAST));
  private final FakePeer everything =
      up(ibgp("10.0.0.11").client().addPaths(AddPathSelection.ALL, AddressFamily.IPV4_UNICAST));
  private final FakePeer plain = up(ibgp("10.0.0.12").client());

  @Test
  void anAddPathClientGetsBothEqualPathsWithDistinctIdsAndAPlainOneTheBest() {
    announce(first, attributes("10.0.0.1").build());
    announce(second, attributes("10.0.0.2").build());

    assertThat(nextHops(multipath))
        .containsOnly(Map.entry(1, ip("10.0.0.1")), Map.entry(2, ip("10.0.0.2")));
    assertThat(nextHops(everything))
        .containsOnly(Map.entry(1, ip("10.0.0.1")), Map.entry(2, ip("10.0.0.2")));
    assertThat(plain.paths(PREFIX)).containsOnlyKeys(0);
    assertThat(plain.table().get(PREFIX).nextHop()).isEqualTo(ip("10.0.0.1"));
    // Plain clients as before: the best path's source is not sent it back.
    assertThat(first.table()).doesNotContainKey(PREFIX);
    assertThat(second.table().get(PREFIX).nextHop()).isEqualTo(ip("10.0.0.1"));
    assertThat(rib.counters().get(multipath.info.address()).advertised()).isEqualTo(2);
  }

  @Test
  void aPathThatGoesIsWithdrawnByItsIdAndTheOtherKeepsItsOwn() {
    announce(first, attributes("10.0.0.1").build());
    announce(second, attributes("10.0.0.2").build());
    multipath.clearReceived();

    rib.update(first.info.address(), UpdateMessage.withdraw(List.of(PREFIX)));
    rib.flush();

    assertThat(nextHops(multipath)).containsOnly(Map.entry(2, ip("10.0.0.2")));
    assertThat(multipath.messages())
        .singleElement()
        .satisfies(
            update -> {
              assertThat(update.withdrawn()).containsExactly(PREFIX);
              assertThat(update.withdrawnPathId(0)).isEqualTo(1);
              assertThat(update.reach()).isEmpty();
            });

    announce(first, attributes("10.0.0.1").build());
    assertThat(nextHops(multipath))
        .containsOnly(Map.entry(1, ip("10.0.0.1")), Map.entry(2, ip("10.0.0.2")));
  }

  @Test
  void aChangedPathIsAnnouncedAgainUnderItsId() {
    announce(first, attributes("10.0.0.1").build());
    announce(second, attributes("10.0.0.2").build());

    announce(second, attributes("10.0.0.2").communities(7).build());

    assertThat(multipath.paths(PREFIX)).containsOnlyKeys(1, 2);
    assertThat(multipath.paths(PREFIX).get(2).communities().asList()).containsExactly(7);
  }

  @Test
  void allPathsIncludeThoseOutsideTheMultipathSet() {
    FakePeer worse = up(ibgp("10.0.0.3").client());
    announce(first, attributes("10.0.0.1").build());
    announce(second, attributes("10.0.0.2").build());
    announce(worse, attributes("10.0.0.3").localPref(50).build());

    assertThat(nextHops(everything).values())
        .containsExactlyInAnyOrder(ip("10.0.0.1"), ip("10.0.0.2"), ip("10.0.0.3"));
    assertThat(nextHops(multipath).values())
        .containsExactlyInAnyOrder(ip("10.0.0.1"), ip("10.0.0.2"));
  }

  @Test
  void aClientComingUpGetsEveryPathInItsInitialTable() {
    announce(first, attributes("10.0.0.1").build());
    announce(second, attributes("10.0.0.2").build());

    FakePeer late =
        up(ibgp("10.0.0.20").client().addPaths(AddPathSelection.ALL, AddressFamily.IPV4_UNICAST));

    assertThat(nextHops(late)).hasSize(2);
    assertThat(late.endOfRibs()).contains(AddressFamily.IPV4_UNICAST);
  }

  @Test
  void aRouteRefreshSendsThePathsAgainUnderTheSameIds() {
    announce(first, attributes("10.0.0.1").build());
    announce(second, attributes("10.0.0.2").build());
    Map<Integer, InetAddress> before = nextHops(multipath);
    multipath.clearReceived();

    rib.routeRefresh(multipath.info.address(), AddressFamily.IPV4_UNICAST);
    while (rib.continueRefreshes()) {
      // sends the whole refresh
    }

    assertThat(multipath.messages()).isNotEmpty();
    assertThat(nextHops(multipath)).isEqualTo(before);
  }

  @Test
  void aClientThatCannotTakeMoreGetsOnlyTheLatestPathsOnceWritable() {
    announce(first, attributes("10.0.0.1").build());
    IpPrefix gone = prefix("10.96.0.11/32");
    multipath.writable = false;
    multipath.clearReceived();

    announce(second, attributes("10.0.0.2").build());
    announce(second, attributes("10.0.0.2").communities(7).build());
    announce(second, attributes("10.0.0.2").communities(8).build());
    rib.update(first.info.address(), UpdateMessage.withdraw(List.of(PREFIX)));
    rib.update(
        first.info.address(),
        UpdateMessage.announce(attributes("10.0.0.1").build(), List.of(gone)));
    rib.flush();
    rib.update(first.info.address(), UpdateMessage.withdraw(List.of(gone)));
    rib.flush();

    assertThat(multipath.sends()).as("nothing while not writable").isEmpty();
    assertThat(rib.counters().get(multipath.info.address()).advertised())
        .as("the Adj-RIB-Out holds what the client was sent")
        .isEqualTo(1);
    assertThat(nextHops(everything).values())
        .as("a writable client gets every change")
        .containsExactly(ip("10.0.0.2"));

    multipath.writable = true;
    rib.peerWritable(multipath.info.address());

    assertThat(multipath.messages())
        .as("one UPDATE: the path's latest state under the identifier it takes, no withdrawal")
        .singleElement()
        .satisfies(
            update -> {
              assertThat(update.withdrawn()).isEmpty();
              assertThat(update.reach())
                  .singleElement()
                  .satisfies(reach -> assertThat(reach.prefixes()).containsExactly(PREFIX));
            });
    assertThat(nextHops(multipath)).containsOnly(Map.entry(1, ip("10.0.0.2")));
    assertThat(multipath.paths(PREFIX).get(1).communities().asList()).containsExactly(8);
    assertThat(multipath.paths(gone)).isEmpty();
  }

  @Test
  void theBytesQueuedForASlowClientStayBoundedAndItConvergesOnceItReads() {
    multipath.unreadLimit = 16 * 1024;
    int count = 4000;
    for (int i = 0; i < count; i += 50) {
      List<IpPrefix> prefixes = new ArrayList<>();
      for (int j = i; j < i + 50; j++) {
        prefixes.add(prefix("10.97." + (j / 256) + "." + (j % 256) + "/32"));
      }
      rib.update(
          first.info.address(),
          UpdateMessage.announce(attributes("10.0.0.1").med(i).build(), prefixes));
      rib.update(
          second.info.address(),
          UpdateMessage.announce(attributes("10.0.0.2").med(i).build(), prefixes));
      rib.flush();
    }
    long queuedWhileStuck = multipath.mostUnread();

    while (rib.counters().get(multipath.info.address()).advertised() < 2 * count) {
      long before = rib.counters().get(multipath.info.address()).advertised();
      multipath.readAll();
      rib.peerWritable(multipath.info.address());
      assertThat(rib.counters().get(multipath.info.address()).advertised())
          .as("every writable event sends more")
          .isGreaterThan(before);
    }

    assertThat(everything.mostUnread())
        .as("a client that reads nothing but is never full gets the whole load")
        .isGreaterThan(4 * multipath.unreadLimit);
    assertThat(queuedWhileStuck)
        .as("the high mark plus one flush, not the table")
        .isLessThan(multipath.unreadLimit + 4096);
    assertThat(multipath.mostUnread())
        .as("resuming sends a chunk at a time")
        .isLessThan(multipath.unreadLimit + 32 * 1024);
    assertThat(multipath.paths(prefix("10.97.15.159/32"))).containsOnlyKeys(1, 2);
    assertThat(multipath.paths(prefix("10.97.15.159/32")).get(1).med()).isEqualTo(3950);
  }

  @Test
  void anInitialTableHeldBackIsFollowedByItsEndOfRib() {
    announce(first, attributes("10.0.0.1").build());
    announce(second, attributes("10.0.0.2").build());
    FakePeer late =
        new FakePeer(
            ibgp("10.0.0.20")
                .client()
                .addPaths(AddPathSelection.ALL, AddressFamily.IPV4_UNICAST)
                .families(AddressFamily.IPV4_UNICAST)
                .build());
    late.writable = false;
    rib.peerUp(late.info, late);
    rib.flush();
    assertThat(late.messages()).isEmpty();

    late.writable = true;
    rib.peerWritable(late.info.address());

    assertThat(nextHops(late)).hasSize(2);
    assertThat(late.messages())
        .extracting(m -> m.endOfRib().map(Object::toString).orElse("paths"))
        .endsWith("ipv4-unicast")
        .hasSizeGreaterThan(1);
  }

  private FakePeer up(TestPeer peer) {
    return FakePeer.upIn(rib, peer);
  }

  private void announce(FakePeer from, PathAttributes attributes) {
    rib.update(from.info.address(), UpdateMessage.announce(attributes, List.of(PREFIX)));
    rib.flush();
  }

  private static Map<Integer, InetAddress> nextHops(FakePeer peer) {
    Map<Integer, InetAddress> nextHops = new TreeMap<>();
    peer.paths(PREFIX).forEach((id, attributes) -> nextHops.put(id, attributes.nextHop()));
    return nextHops;
  }
}
