package dev.tabby.bgp.rib;

import static dev.tabby.bgp.rib.TestPeer.LOCAL_AS;
import static dev.tabby.bgp.rib.TestPeer.LOCAL_ROUTER_ID;
import static dev.tabby.bgp.rib.TestPeer.attributes;
import static dev.tabby.bgp.rib.TestPeer.ibgp;
import static dev.tabby.bgp.rib.TestPeer.ip;
import static dev.tabby.bgp.rib.TestPeer.prefix;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.primitives.ImmutableIntArray;
import dev.tabby.bgp.wire.AddressFamily;
import dev.tabby.bgp.wire.PathAttributes;
import dev.tabby.bgp.wire.UpdateMessage;
import dev.tabby.net.IpPrefix;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Several paths per prefix from one peer (ADD-PATH, RFC 7911) in the Adj-RIB-In and Loc-RIB. */
class AddPathRibTest {
  private static final IpPrefix PREFIX = prefix("10.96.0.10/32");

  private final List<BestPathChange> changes = new ArrayList<>();
  private final RibCore rib =
      new RibCore(LOCAL_ROUTER_ID, LOCAL_AS, null, UnpooledByteBufAllocator.DEFAULT);
  private final FakePeer reflector;

  AddPathRibTest() {
    rib.addListener(changes::addAll);
    reflector = FakePeer.upIn(rib, ibgp("10.0.0.100"));
  }

  @Test
  void twoPathIdsFromOnePeerAreTwoCandidatesAndOneMultipathSet() {
    announce(1, attributes("10.0.0.1").build());
    announce(2, attributes("10.0.0.2").build());

    assertThat(rib.candidates(PREFIX))
        .extracting(r -> r.attributes().nextHop())
        .containsExactlyInAnyOrder(ip("10.0.0.1"), ip("10.0.0.2"));
    assertThat(changes.get(changes.size() - 1).multipath())
        .extracting(r -> r.attributes().nextHop())
        .containsExactlyInAnyOrder(ip("10.0.0.1"), ip("10.0.0.2"));
    assertThat(rib.counters().get(reflector.info.address()).accepted())
        .as("accepted counts prefixes, as routers do")
        .isEqualTo(1);
  }

  @Test
  void aPrefixCountsOnceAgainstTheLimitHoweverManyPathsItHas() {
    FakePeer peer =
        FakePeer.upIn(
            rib,
            ibgp("10.0.0.101")
                .prefixLimit(
                    AddressFamily.IPV4_UNICAST,
                    new PrefixLimit(2, 100, PrefixLimit.Action.TEARDOWN, Duration.ofSeconds(1))));
    IpPrefix other = prefix("10.96.0.11/32");
    IpPrefix third = prefix("10.96.0.12/32");
    for (int pathId = 1; pathId <= 5; pathId++) {
      announce(peer, PREFIX, pathId, attributes("10.0.0." + pathId).build());
    }
    announce(peer, other, 1, attributes("10.0.0.1").build());
    assertThat(peer.closedWith).as("two prefixes of five and one paths are within 2").isNull();
    assertThat(rib.counters().get(peer.info.address()).accepted()).isEqualTo(2);
    assertThat(rib.publishedAcceptedPerFamily().get(peer.info.address()))
        .containsEntry(AddressFamily.IPV4_UNICAST, 2L);

    withdraw(peer, PREFIX, 1);
    assertThat(rib.counters().get(peer.info.address()).accepted())
        .as("the prefix still has four paths")
        .isEqualTo(2);
    for (int pathId = 2; pathId <= 5; pathId++) {
      withdraw(peer, PREFIX, pathId);
    }
    assertThat(rib.counters().get(peer.info.address()).accepted()).isEqualTo(1);

    announce(peer, third, 7, attributes("10.0.0.7").build());
    assertThat(peer.closedWith).as("room was made by the last path's withdrawal").isNull();
    announce(peer, PREFIX, 1, attributes("10.0.0.1").build());
    assertThat(peer.closedWith).as("a third prefix").isNotNull();
  }

  @Test
  void aWithdrawalWithAPathIdTakesOnlyThatPath() {
    announce(1, attributes("10.0.0.1").build());
    announce(2, attributes("10.0.0.2").build());

    rib.update(
        reflector.info.address(),
        UpdateMessage.of(List.of(PREFIX), ImmutableIntArray.of(1), List.of()));
    rib.flush();

    assertThat(rib.candidates(PREFIX))
        .singleElement()
        .extracting(r -> r.attributes().nextHop())
        .isEqualTo(ip("10.0.0.2"));
    assertThat(changes.get(changes.size() - 1).multipath()).hasSize(1);
  }

  @Test
  void aPathAnnouncedAgainUnderItsIdReplacesOnlyItself() {
    announce(1, attributes("10.0.0.1").build());
    announce(2, attributes("10.0.0.2").build());
    announce(2, attributes("10.0.0.3").build());

    assertThat(rib.candidates(PREFIX))
        .extracting(r -> r.attributes().nextHop())
        .containsExactlyInAnyOrder(ip("10.0.0.1"), ip("10.0.0.3"));
  }

  @Test
  void theBestOfEqualPathsOfOnePeerIsTheLowestPathId() {
    announce(9, attributes("10.0.0.1").build());
    announce(3, attributes("10.0.0.2").build());

    assertThat(rib.bestPaths())
        .singleElement()
        .extracting(r -> r.attributes().nextHop())
        .isEqualTo(ip("10.0.0.2"));
  }

  @Test
  void thePeerGoingDownTakesEveryPathAndItsAttributes() {
    announce(1, attributes("10.0.0.1").build());
    announce(2, attributes("10.0.0.2").build());

    rib.peerDown(reflector.info.address());
    rib.flush();

    assertThat(rib.candidates(PREFIX)).isEmpty();
    assertThat(rib.internedAttributeSets()).isZero();
    assertThat(rib.sharedPaths()).isZero();
  }

  private void announce(int pathId, PathAttributes attributes) {
    announce(reflector, PREFIX, pathId, attributes);
  }

  private void announce(FakePeer from, IpPrefix prefix, int pathId, PathAttributes attributes) {
    rib.update(
        from.info.address(),
        UpdateMessage.of(
            List.of(),
            List.of(
                new UpdateMessage.Reach(
                    attributes, List.of(prefix), ImmutableIntArray.of(pathId)))));
    rib.flush();
  }

  private void withdraw(FakePeer from, IpPrefix prefix, int pathId) {
    rib.update(
        from.info.address(),
        UpdateMessage.of(List.of(prefix), ImmutableIntArray.of(pathId), List.of()));
    rib.flush();
  }
}
