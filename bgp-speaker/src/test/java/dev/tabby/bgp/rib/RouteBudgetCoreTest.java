package dev.tabby.bgp.rib;

import static dev.tabby.bgp.rib.TestPeer.LOCAL_AS;
import static dev.tabby.bgp.rib.TestPeer.LOCAL_ROUTER_ID;
import static dev.tabby.bgp.rib.TestPeer.attributes;
import static dev.tabby.bgp.rib.TestPeer.ebgp;
import static dev.tabby.bgp.rib.TestPeer.prefixes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tabby.bgp.wire.NotificationCodes;
import dev.tabby.bgp.wire.PathAttributes;
import dev.tabby.bgp.wire.UpdateMessage;
import dev.tabby.net.IpPrefix;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The RIB's route budget, driven synchronously. */
class RouteBudgetCoreTest {

  private final RibCore rib =
      new RibCore(LOCAL_ROUTER_ID, LOCAL_AS, null, UnpooledByteBufAllocator.DEFAULT);

  @Test
  void thePeerWhoseUpdateGoesPastTheBudgetIsCeasedAndLosesItsRoutes() {
    FakePeer steady = up("10.0.0.1", 65001);
    FakePeer flooder = up("10.0.0.2", 65002);
    announce(steady, attributes("10.0.0.1", 65001).build(), prefixes(0, 40));
    rib.flush();
    // 40 routes, and a few attribute sets (the steady peer's, and what is exported to each peer).
    rib.routeBudget(100);

    announce(flooder, attributes("10.0.0.2", 65002).build(), prefixes(1_000, 100));
    rib.flush();

    assertThat(flooder.closedWith).isNotNull();
    assertThat(flooder.closedWith.code()).isEqualTo(NotificationCodes.CEASE);
    assertThat(flooder.closedWith.subcode())
        .isEqualTo(NotificationCodes.MAXIMUM_NUMBER_OF_PREFIXES_REACHED);
    // RFC 4486's optional data: AFI 1, SAFI 1, the upper bound.
    assertThat(flooder.closedWith.data()).containsExactly(0, 1, 1, 0, 0, 0, 100);
    assertThat(steady.closedWith).isNull();
    assertThat(rib.counters()).containsOnlyKeys(steady.info.address());
    assertThat(rib.routeCount()).isEqualTo(40);
  }

  @Test
  void atTheBudgetAPeerMayStillReplaceAndWithdrawItsRoutes() {
    FakePeer steady = up("10.0.0.1", 65001);
    List<IpPrefix> table = prefixes(0, 40);
    announce(steady, attributes("10.0.0.1", 65001).build(), table);
    rib.flush();
    rib.routeBudget(40);

    announce(steady, attributes("10.0.0.1", 65001).med(7).build(), table);
    rib.update(steady.info.address(), UpdateMessage.withdraw(table.subList(0, 10)));
    rib.flush();

    assertThat(steady.closedWith).isNull();
    assertThat(rib.routeCount()).isEqualTo(30);
  }

  @Test
  void updatesQueuedBehindTheTeardownAreDroppedAndANewSessionStartsClean() {
    FakePeer flooder = up("10.0.0.2", 65002);
    rib.routeBudget(20);
    announce(flooder, attributes("10.0.0.2", 65002).build(), prefixes(0, 30));
    announce(flooder, attributes("10.0.0.2", 65002).build(), prefixes(100, 5));
    rib.flush();
    assertThat(rib.routeCount()).isZero();

    rib.peerDown(flooder.info.address());
    FakePeer again = up("10.0.0.2", 65002);
    announce(again, attributes("10.0.0.2", 65002).build(), prefixes(0, 5));
    rib.flush();

    assertThat(again.closedWith).isNull();
    assertThat(rib.routeCount()).isEqualTo(5);
  }

  @Test
  void aDefaultBudgetFollowsTheHeap() {
    assertThat(RouteBudget.forHeap(1L << 30)).isEqualTo(((1L << 30) - (64L << 20)) / 128);
    assertThat(RouteBudget.forHeap(16L << 20)).isEqualTo(RouteBudget.MIN_ROUTES);
    assertThat(rib.routeBudget()).isEqualTo(RouteBudget.forThisHeap());
  }

  private FakePeer up(String address, long as) {
    return FakePeer.upIn(rib, ebgp(address, as));
  }

  private void announce(FakePeer from, PathAttributes attributes, List<IpPrefix> prefixes) {
    rib.update(from.info.address(), UpdateMessage.announce(attributes, prefixes));
  }
}
