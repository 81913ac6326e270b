package dev.tabby.bgp.rib;

import static dev.tabby.bgp.rib.TestPeer.LOCAL_AS;
import static dev.tabby.bgp.rib.TestPeer.LOCAL_ROUTER_ID;
import static dev.tabby.bgp.rib.TestPeer.attributes;
import static dev.tabby.bgp.rib.TestPeer.ebgp;
import static dev.tabby.bgp.rib.TestPeer.ibgp;
import static dev.tabby.bgp.rib.TestPeer.ip;
import static dev.tabby.bgp.rib.TestPeer.prefix;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tabby.bgp.wire.AddressFamily;
import dev.tabby.bgp.wire.Communities;
import dev.tabby.bgp.wire.PathAttributes;
import dev.tabby.bgp.wire.UpdateMessage;
import dev.tabby.net.IpPrefix;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The receiving speaker's side of graceful restart (RFC 4724 §4.2), driven synchronously. */
class GracefulRestartHelperTest {
  private static final Set<AddressFamily> IPV4 = Set.of(AddressFamily.IPV4_UNICAST);
  private static final Set<AddressFamily> BOTH =
      Set.of(AddressFamily.IPV4_UNICAST, AddressFamily.IPV6_UNICAST);
  private static final Duration RESTART = Duration.ofSeconds(120);

  private final List<BestPathChange> changes = new ArrayList<>();
  private final RibCore rib =
      new RibCore(LOCAL_ROUTER_ID, LOCAL_AS, null, UnpooledByteBufAllocator.DEFAULT);
  private final PathAttributes fromRestarting = attributes("10.0.0.1", 65001).build();

  GracefulRestartHelperTest() {
    rib.addListener(changes::addAll);
  }

  @Test
  void aLostPeersRoutesStayAsStaleAndNothingDownstreamChanges() {
    FakePeer restarting = up(ebgp("10.0.0.1", 65001));
    FakePeer other = up(ibgp("10.0.0.2"));
    announce(restarting, fromRestarting, "10.1.0.0/24", "10.2.0.0/24");
    changes.clear();
    other.clearReceived();

    RestartingPeer restart = lose(restarting, IPV4);

    assertThat(restart).isNotNull();
    assertThat(rib.bestPaths()).extracting(Route::prefix).hasSize(2);
    assertThat(changes).as("listeners (the kernel) hear of nothing").isEmpty();
    assertThat(other.messages()).as("other peers are sent nothing").isEmpty();
    assertThat(rib.counters().get(ip("10.0.0.1")).stale()).isEqualTo(2);
  }

  @Test
  void routesSentAgainReplaceTheStaleOnesAndEndOfRibFlushesTheRest() {
    FakePeer restarting = up(ebgp("10.0.0.1", 65001));
    FakePeer other = up(ibgp("10.0.0.2"));
    announce(restarting, fromRestarting, "10.1.0.0/24", "10.2.0.0/24");
    lose(restarting, IPV4);
    other.clearReceived();

    FakePeer back = upAgain(ebgp("10.0.0.1", 65001), IPV4);
    assertThat(back.table()).as("its stale routes are not sent back to it").isEmpty();
    announce(back, fromRestarting, "10.1.0.0/24");
    changes.clear();

    assertThat(rib.counters().get(ip("10.0.0.1")).stale()).isEqualTo(1);
    assertThat(other.messages()).as("the same route again is not re-sent").isEmpty();

    rib.update(back.info.address(), UpdateMessage.endOfRib(AddressFamily.IPV4_UNICAST));
    rib.flush();

    assertThat(rib.bestPaths()).extracting(Route::prefix).containsExactly(prefix("10.1.0.0/24"));
    assertThat(changes)
        .extracting(BestPathChange::prefix, c -> c.best() == null)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(prefix("10.2.0.0/24"), true));
    assertThat(other.table()).containsOnlyKeys(prefix("10.1.0.0/24"));
    assertThat(rib.counters().get(ip("10.0.0.1")).stale()).isZero();
  }

  @Test
  void theDeadlineFlushesEveryStaleRouteOfAPeerThatDidNotComeBack() {
    FakePeer restarting = up(ebgp("10.0.0.1", 65001));
    announce(restarting, fromRestarting, "10.1.0.0/24");
    RestartingPeer restart = lose(restarting, IPV4);

    rib.restartDeadline(restart, restart.reconnects, "not back within the restart time");
    rib.flush();

    assertThat(rib.bestPaths()).isEmpty();
    assertThat(rib.counters()).doesNotContainKey(ip("10.0.0.1"));
    assertThat(rib.sharedPaths()).as("the stale paths' memory is released").isZero();
  }

  @Test
  void theRestartTimersDeadlineDoesNothingOnceThePeerIsBack() {
    FakePeer restarting = up(ebgp("10.0.0.1", 65001));
    announce(restarting, fromRestarting, "10.1.0.0/24");
    RestartingPeer restart = lose(restarting, IPV4);
    int beforeReconnect = restart.reconnects;
    upAgain(ebgp("10.0.0.1", 65001), IPV4);

    rib.restartDeadline(restart, beforeReconnect, "not back within the restart time");
    rib.flush();

    assertThat(rib.bestPaths()).extracting(Route::prefix).containsExactly(prefix("10.1.0.0/24"));
  }

  @Test
  void aFamilyWithoutTheForwardingBitOnReconnectIsFlushedAtOnce() {
    FakePeer restarting = up(ebgp("10.0.0.1", 65001));
    announce(restarting, fromRestarting, "10.1.0.0/24");
    lose(restarting, IPV4);

    upAgain(ebgp("10.0.0.1", 65001), Set.of());

    assertThat(rib.bestPaths()).isEmpty();
  }

  @Test
  void familiesTheCapabilityDidNotListAreWithdrawnWhenTheConnectionIsLost() {
    FakePeer restarting = up(ebgp("10.0.0.1", 65001));
    announce(restarting, fromRestarting, "10.1.0.0/24");
    announce(restarting, attributes("2001:db8::1", 65001).build(), "2001:db8:1::/48");

    lose(restarting, IPV4);

    assertThat(rib.bestPaths()).extracting(Route::prefix).containsExactly(prefix("10.1.0.0/24"));
  }

  @Test
  void aSessionEndedByNotificationAfterReconnectFlushesTheStaleRoutes() {
    FakePeer restarting = up(ebgp("10.0.0.1", 65001));
    announce(restarting, fromRestarting, "10.1.0.0/24");
    lose(restarting, BOTH);
    upAgain(ebgp("10.0.0.1", 65001), BOTH);

    rib.peerDown(ip("10.0.0.1"));
    rib.flush();

    assertThat(rib.bestPaths()).isEmpty();
    assertThat(rib.sharedPaths()).isZero();
  }

  @Test
  void lostAgainBeforeEndOfRibKeepsWhatNeitherSessionReplaced() {
    FakePeer restarting = up(ebgp("10.0.0.1", 65001));
    announce(restarting, fromRestarting, "10.1.0.0/24", "10.2.0.0/24");
    lose(restarting, IPV4);
    FakePeer back = upAgain(ebgp("10.0.0.1", 65001), IPV4);
    announce(back, fromRestarting, "10.1.0.0/24");
    lose(back, IPV4);
    FakePeer third = upAgain(ebgp("10.0.0.1", 65001), IPV4);

    assertThat(rib.counters().get(ip("10.0.0.1")).stale()).isEqualTo(2);
    rib.update(third.info.address(), UpdateMessage.endOfRib(AddressFamily.IPV4_UNICAST));
    rib.flush();

    assertThat(rib.bestPaths()).isEmpty();
    assertThat(rib.sharedPaths()).isZero();
  }

  @Test
  void afterTheRestartTimeLongLivedStaleRoutesAreTaggedLeastPreferredAndHiddenFromNonLlgrPeers() {
    FakePeer restarting = up(ebgp("10.0.0.1", 65001));
    FakePeer llgrPeer = up(ibgp("10.0.0.2").longLivedGracefulRestart());
    FakePeer plainPeer = up(ibgp("10.0.0.3"));
    announce(restarting, fromRestarting, "10.1.0.0/24", "10.2.0.0/24");
    announce(
        restarting,
        attributes("10.0.0.1", 65001).communities(Communities.NO_LLGR).build(),
        "10.3.0.0/24");
    RestartingPeer restart = loseLongLived(restarting, IPV4, RESTART);
    assertThat(restart.longLived).as("not before the restart time ends").isEmpty();
    changes.clear();

    Set<AddressFamily> entered =
        rib.restartDeadline(restart, restart.reconnects, "not back within the restart time");
    rib.flush();

    assertThat(entered).containsExactly(AddressFamily.IPV4_UNICAST);
    assertThat(rib.bestPaths())
        .extracting(Route::prefix)
        .as("NO_LLGR goes instead of staying")
        .containsExactly(prefix("10.1.0.0/24"), prefix("10.2.0.0/24"));
    assertThat(rib.bestPaths())
        .allSatisfy(
            route ->
                assertThat(route.attributes().communities().contains(Communities.LLGR_STALE))
                    .isTrue());
    assertThat(llgrPeer.table()).containsOnlyKeys(prefix("10.1.0.0/24"), prefix("10.2.0.0/24"));
    assertThat(
            llgrPeer
                .table()
                .get(prefix("10.1.0.0/24"))
                .communities()
                .contains(Communities.LLGR_STALE))
        .isTrue();
    assertThat(plainPeer.table()).as("withdrawn from a peer without LLGR").isEmpty();
    assertThat(rib.counters().get(ip("10.0.0.1")).stale()).isEqualTo(2);

    FakePeer other = up(ebgp("10.0.0.4", 65004));
    announce(other, attributes("10.0.0.4", 65004, 65005, 65006).build(), "10.1.0.0/24");
    assertThat(rib.bestPaths().get(0).source().address())
        .as("any route beats a long-lived stale one, a longer AS path too")
        .isEqualTo(ip("10.0.0.4"));

    rib.longLivedDeadline(restart, AddressFamily.IPV4_UNICAST);
    rib.flush();
    assertThat(rib.bestPaths()).extracting(Route::prefix).containsExactly(prefix("10.1.0.0/24"));
    assertThat(rib.counters()).doesNotContainKey(ip("10.0.0.1"));
  }

  @Test
  void withoutARestartTimeRoutesAreLongLivedStaleAtOnceAndEndOfRibFlushesThem() {
    FakePeer restarting = up(ebgp("10.0.0.1", 65001));
    announce(restarting, fromRestarting, "10.1.0.0/24", "10.2.0.0/24");

    RestartingPeer restart = loseLongLived(restarting, Set.of(), Duration.ZERO);

    assertThat(restart.longLived).containsExactly(AddressFamily.IPV4_UNICAST);
    assertThat(rib.bestPaths())
        .allSatisfy(
            route ->
                assertThat(route.attributes().communities().contains(Communities.LLGR_STALE))
                    .isTrue());

    FakePeer back = upAgain(ebgp("10.0.0.1", 65001), IPV4);
    rib.restartDeadline(restart, restart.reconnects, "no End-of-RIB within the stale-routes time");
    rib.flush();
    assertThat(rib.bestPaths())
        .as("long-lived stale routes wait for End-of-RIB past the stale-routes time")
        .hasSize(2);
    announce(back, fromRestarting, "10.1.0.0/24");
    rib.update(back.info.address(), UpdateMessage.endOfRib(AddressFamily.IPV4_UNICAST));
    rib.flush();

    assertThat(rib.bestPaths()).extracting(Route::prefix).containsExactly(prefix("10.1.0.0/24"));
    assertThat(rib.bestPaths().get(0).attributes().communities().contains(Communities.LLGR_STALE))
        .as("the route sent again is fresh")
        .isFalse();
    assertThat(rib.sharedPaths()).isEqualTo(1);
    rib.longLivedDeadline(restart, AddressFamily.IPV4_UNICAST);
    rib.flush();
    assertThat(rib.bestPaths()).as("an ended restart's deadline does nothing").hasSize(1);
  }

  @Test
  void aFamilyWithoutALongLivedTimeGoesAtTheRestartTime() {
    FakePeer restarting = up(ebgp("10.0.0.1", 65001));
    announce(restarting, fromRestarting, "10.1.0.0/24");
    announce(restarting, attributes("2001:db8::1", 65001).build(), "2001:db8:1::/48");
    RestartingPeer restart = loseLongLived(restarting, BOTH, RESTART, AddressFamily.IPV6_UNICAST);

    rib.restartDeadline(restart, restart.reconnects, "not back within the restart time");
    rib.flush();

    assertThat(rib.bestPaths())
        .extracting(Route::prefix)
        .containsExactly(prefix("2001:db8:1::/48"));
  }

  private RestartingPeer loseLongLived(
      FakePeer peer, Set<AddressFamily> keep, Duration restartTime) {
    return loseLongLived(peer, keep, restartTime, AddressFamily.IPV4_UNICAST);
  }

  /** Loses the peer, whose {@code longLived} family has a long-lived stale time of an hour. */
  private RestartingPeer loseLongLived(
      FakePeer peer, Set<AddressFamily> keep, Duration restartTime, AddressFamily longLived) {
    RestartingPeer restart =
        rib.peerLost(
            peer.info.address(),
            keep,
            restartTime,
            RESTART,
            Map.of(longLived, Duration.ofHours(1)));
    rib.flush();
    return restart;
  }

  private FakePeer up(TestPeer peer) {
    return FakePeer.upIn(rib, peer);
  }

  private FakePeer upAgain(TestPeer peer, Set<AddressFamily> forwardingKept) {
    FakePeer fake = new FakePeer(peer.build());
    rib.peerUp(fake.info, fake, forwardingKept);
    rib.flush();
    return fake;
  }

  private RestartingPeer lose(FakePeer peer, Set<AddressFamily> keep) {
    RestartingPeer restart = rib.peerLost(peer.info.address(), keep, RESTART, RESTART);
    rib.flush();
    return restart;
  }

  private void announce(FakePeer from, PathAttributes attributes, String... prefixes) {
    rib.update(
        from.info.address(),
        UpdateMessage.announce(attributes, Arrays.stream(prefixes).map(IpPrefix::parse).toList()));
    rib.flush();
  }
}
