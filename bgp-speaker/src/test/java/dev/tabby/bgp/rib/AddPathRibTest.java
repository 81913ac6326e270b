package dev.tabby.bgp.rib;

import static dev.tabby.bgp.rib.TestPeer.LOCAL_AS;
import static dev.tabby.bgp.rib.TestPeer.LOCAL_ROUTER_ID;
import static dev.tabby.bgp.rib.TestPeer.attributes;
import static dev.tabby.bgp.rib.TestPeer.ibgp;
import static dev.tabby.bgp.rib.TestPeer.ip;
import static dev.tabby.bgp.rib.TestPeer.prefix;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.primitives.ImmutableIntArray;
import dev.tabby.bgp.wire.PathAttributes;
import dev.tabby.bgp.wire.UpdateMessage;
import dev.tabby.net.IpPrefix;
import io.netty.buffer.UnpooledByteBufAllocator;
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
    assertThat(rib.counters().get(reflector.info.address()).accepted()).isEqualTo(2);
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
    rib.update(
        reflector.info.address(),
        UpdateMessage.of(
            List.of(),
            List.of(
                new UpdateMessage.Reach(
                    attributes, List.of(PREFIX), ImmutableIntArray.of(pathId)))));
    rib.flush();
  }
}
