package dev.tabby.bgp.rib;

import static dev.tabby.bgp.rib.TestPeer.LOCAL_AS;
import static dev.tabby.bgp.rib.TestPeer.LOCAL_ROUTER_ID;
import static dev.tabby.bgp.rib.TestPeer.ebgp;
import static dev.tabby.bgp.rib.TestPeer.prefix;
import static dev.tabby.bgp.rib.TestPeer.prefixes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tabby.bgp.wire.PathAttributes;
import dev.tabby.net.IpPrefix;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Export to a mix of peers with and without extended messages (RFC 8654): each gets messages its
 * session allows (the fake peers decode with their own limit and fail the test on a longer one).
 */
class ExtendedMessagesExportTest {
  /** 1,500 communities: 6,000 bytes of attribute, more than a 4,096-byte UPDATE holds. */
  private static final PathAttributes LONG =
      PathAttributes.builder()
          .communities(IntStream.range(0, 1500).map(i -> 65001 << 16 | i).toArray())
          .build();

  private static final PathAttributes SHORT =
      PathAttributes.builder().communities(65001 << 16).build();
  private static final IpPrefix ROUTE = prefix("10.1.0.0/24");

  private final RibCore rib =
      new RibCore(LOCAL_ROUTER_ID, LOCAL_AS, null, UnpooledByteBufAllocator.DEFAULT);
  private final FakePeer extended =
      FakePeer.upIn(rib, ebgp("10.0.0.9", 65009).extendedMessages(true));
  private final FakePeer plain = FakePeer.upIn(rib, ebgp("10.0.0.10", 65010));
  private final FakePeer plainToo = FakePeer.upIn(rib, ebgp("10.0.0.11", 65011));

  private void originate(PathAttributes attributes) {
    rib.originate(ROUTE, attributes);
    rib.flush();
  }

  @Test
  void aRouteTooLongFor4096BytesReachesOnlyThePeerWithExtendedMessages() {
    originate(LONG);

    assertThat(extended.table().get(ROUTE).communities().length()).isEqualTo(1500);
    assertThat(extended.sends()).anySatisfy(bytes -> assertThat(bytes.length).isGreaterThan(4096));
    assertThat(plain.table()).doesNotContainKey(ROUTE);
    assertThat(plainToo.table()).doesNotContainKey(ROUTE);
  }

  @Test
  void aRouteThatGrowsTooLongIsWithdrawnFromPeersWithoutAndComesBackWhenItFitsAgain() {
    originate(SHORT);
    assertThat(plain.table()).containsKey(ROUTE);

    originate(LONG);
    assertThat(plain.table()).as("withdrawn: RFC 8654 §4").doesNotContainKey(ROUTE);
    assertThat(plainToo.table()).doesNotContainKey(ROUTE);
    assertThat(extended.table().get(ROUTE).communities().length()).isEqualTo(1500);

    originate(SHORT);
    assertThat(plain.table().get(ROUTE)).isNotNull();
    assertThat(plainToo.table().get(ROUTE)).isNotNull();
    assertThat(extended.table().get(ROUTE).communities().length()).isEqualTo(1);
  }

  @Test
  void announcementsFillTheLongerMessagesOfPeersWithExtendedMessages() {
    for (IpPrefix prefix : prefixes(0, 20_000)) {
      rib.originate(prefix, SHORT);
    }
    rib.flush();

    assertThat(extended.table()).hasSize(20_000);
    assertThat(plain.table()).hasSize(20_000);
    // 27 bytes of attributes leave room for 1,011 /24s in 4,096 bytes, for 16,371 in 65,535.
    assertThat(announcements(plain)).isEqualTo(20);
    assertThat(announcements(extended)).isEqualTo(2);
  }

  private static long announcements(FakePeer peer) {
    return peer.messages().stream().filter(m -> !m.reach().isEmpty()).count();
  }
}
