package dev.tabby.bgp.rib;

import static dev.tabby.bgp.rib.TestPeer.LOCAL_AS;
import static dev.tabby.bgp.rib.TestPeer.LOCAL_ROUTER_ID;
import static dev.tabby.bgp.rib.TestPeer.ebgp;
import static dev.tabby.bgp.rib.TestPeer.ip;
import static dev.tabby.bgp.rib.TestPeer.prefix;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tabby.bgp.wire.AddressFamily;
import dev.tabby.bgp.wire.PathAttributes;
import dev.tabby.bgp.wire.UpdateMessage;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.Test;

/** The restarting speaker's side of graceful restart (RFC 4724 §4.1), driven synchronously. */
class RestartingSpeakerTest {
  private final RibCore rib =
      new RibCore(LOCAL_ROUTER_ID, LOCAL_AS, null, UnpooledByteBufAllocator.DEFAULT);

  @Test
  void endOfRibWaitsUntilOurOwnRoutesAreBack() {
    rib.holdInitialDumps(true);
    FakePeer helper =
        FakePeer.upIn(rib, ebgp("10.0.0.1", 65001).families(AddressFamily.IPV4_UNICAST));
    assertThat(helper.endOfRibs()).as("no End-of-RIB before our routes are back").isEmpty();

    rib.originate(prefix("10.1.0.0/26"), PathAttributes.builder().build());
    assertThat(rib.holdInitialDumps(false)).isTrue();
    rib.flush();

    assertThat(helper.table()).containsOnlyKeys(prefix("10.1.0.0/26"));
    assertThat(helper.endOfRibs()).containsExactly(AddressFamily.IPV4_UNICAST);
    assertThat(rib.holdInitialDumps(false)).as("released once").isFalse();
  }

  @Test
  void aPeersEndOfRibOfEveryFamilyIsCounted() {
    FakePeer peer = FakePeer.upIn(rib, ebgp("10.0.0.1", 65001));
    assertThat(rib.counters().get(ip("10.0.0.1")).endOfRib()).isFalse();

    rib.update(peer.info.address(), UpdateMessage.endOfRib(AddressFamily.IPV4_UNICAST));
    assertThat(rib.counters().get(ip("10.0.0.1")).endOfRib()).isFalse();
    rib.update(peer.info.address(), UpdateMessage.endOfRib(AddressFamily.IPV6_UNICAST));

    assertThat(rib.counters().get(ip("10.0.0.1")).endOfRib()).isTrue();
  }
}
