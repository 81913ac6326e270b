package dev.tabby.bgp.rib;

import static dev.tabby.bgp.rib.TestPeer.LOCAL_AS;
import static dev.tabby.bgp.rib.TestPeer.LOCAL_ROUTER_ID;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ReceivePathWarmupTest {

  @Test
  void theSyntheticTableDecodesIntoEveryPrefixAndItsWithdrawalEmptiesTheRib() throws Exception {
    ByteBuf announcements = ReceivePathWarmup.encodeTable(UnpooledByteBufAllocator.DEFAULT, false);
    ByteBuf withdrawals = ReceivePathWarmup.encodeTable(UnpooledByteBufAllocator.DEFAULT, true);
    try (Rib rib = new Rib(LOCAL_ROUTER_ID, LOCAL_AS, null, UnpooledByteBufAllocator.DEFAULT)) {
      rib.peerUp(ReceivePathWarmup.peer(), ByteBuf::release);

      ReceivePathWarmup.receive(rib, announcements);
      assertThat(rib.routeCount().get(10, TimeUnit.SECONDS))
          .as("routes after the warm-up table's announcements")
          .isEqualTo(ReceivePathWarmup.PREFIXES);
      assertThat(rib.internedAttributeSets().get(10, TimeUnit.SECONDS))
          .as("attribute sets the table shares")
          .isEqualTo(4);

      ReceivePathWarmup.receive(rib, withdrawals);
      assertThat(rib.routeCount().get(10, TimeUnit.SECONDS))
          .as("routes after the warm-up table's withdrawals")
          .isZero();
    } finally {
      announcements.release();
      withdrawals.release();
    }
  }

  @Test
  void leavesTheLiveRibEmptyAndNoThreadBehind() throws Exception {
    try (Rib live = new Rib(LOCAL_ROUTER_ID, LOCAL_AS, null, UnpooledByteBufAllocator.DEFAULT)) {
      ReceivePathWarmup.run();

      assertThat(live.routeCount().get(10, TimeUnit.SECONDS)).isZero();
      assertThat(live.counters()).as("peers the live RIB counts").isEmpty();
      assertThat(live.internedAttributeSets().get(10, TimeUnit.SECONDS)).isZero();
      assertThat(Thread.getAllStackTraces().keySet())
          .as("threads once the warm-up returned")
          .noneMatch(thread -> thread.getName().equals("tabby-rib-warmup"));
    }
  }
}
