package dev.tabby.bgp.wire;

import static dev.tabby.bgp.wire.WireTestSupport.FOUR_OCTET;
import static dev.tabby.bgp.wire.WireTestSupport.TWO_OCTET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.net.InetAddresses;
import dev.tabby.bgp.wire.UpdateMessage.Reach;
import dev.tabby.net.IpPrefix;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.net.Inet6Address;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class UpdatePackerTest {
  private static final UnpooledByteBufAllocator ALLOCATOR = UnpooledByteBufAllocator.DEFAULT;
  private static final PathAttributes V4_ATTRIBUTES =
      PathAttributes.builder()
          .asPath(AsPath.sequence(65001, 65002))
          .nextHop(InetAddresses.forString("10.0.0.1"))
          .communities(Communities.NO_EXPORT)
          .build();
  private static final PathAttributes DUAL_ATTRIBUTES =
      V4_ATTRIBUTES.toBuilder()
          .nextHop(InetAddresses.forString("2001:db8::1"))
          .linkLocalNextHop((Inet6Address) InetAddresses.forString("fe80::1"))
          .build();

  /** The messages in a packed buffer, each checked for size; releases the buffer. */
  private static List<UpdateMessage> split(ByteBuf packed, CodecContext context) throws Exception {
    List<UpdateMessage> messages = new ArrayList<>();
    try {
      while (packed.isReadable()) {
        int length = packed.getUnsignedShort(packed.readerIndex() + 16);
        assertThat(length).isBetween(23, 4096);
        messages.add((UpdateMessage) BgpCodec.decode(packed.readSlice(length), context));
      }
    } finally {
      packed.release();
    }
    return messages;
  }

  private static List<IpPrefix> ipv4Prefixes(int count) {
    List<IpPrefix> prefixes = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      prefixes.add(IpPrefix.ipv4(0x0A000000 + (i << 8), 24));
    }
    return prefixes;
  }

  private static List<IpPrefix> ipv6Prefixes(int count) {
    List<IpPrefix> prefixes = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      prefixes.add(IpPrefix.ipv6(0x20010db800000000L + i, 0, 64));
    }
    return prefixes;
  }

  @Test
  void packsIpv4IntoFullMessages() throws Exception {
    List<IpPrefix> prefixes = ipv4Prefixes(10_000);
    List<UpdateMessage> messages =
        split(UpdatePacker.announce(V4_ATTRIBUTES, prefixes, TWO_OCTET, ALLOCATOR), TWO_OCTET);
    List<IpPrefix> received = new ArrayList<>();
    for (UpdateMessage m : messages) {
      assertThat(m.reach()).singleElement().extracting(Reach::attributes).isEqualTo(V4_ATTRIBUTES);
      received.addAll(m.reach().get(0).prefixes());
    }
    assertThat(received).isEqualTo(prefixes);
    // 4096 - 19 header - 4 lengths - 29 attributes = 4044 bytes of 4-byte prefixes each.
    assertThat(messages.get(0).reach().get(0).prefixes()).hasSize(1011);
    assertThat(messages).hasSize((10_000 + 1010) / 1011);
  }

  @Test
  void packedIpv4KeysGiveTheSameBytes() {
    List<IpPrefix> prefixes = ipv4Prefixes(3_000);
    long[] packed = prefixes.stream().mapToLong(PackedIpv4::of).toArray();
    ByteBuf fromList = UpdatePacker.announce(V4_ATTRIBUTES, prefixes, TWO_OCTET, ALLOCATOR);
    ByteBuf fromKeys =
        UpdatePacker.announceIpv4(V4_ATTRIBUTES, packed, 0, packed.length, TWO_OCTET, ALLOCATOR);
    assertThat(ByteBufUtil.equals(fromList, fromKeys)).isTrue();
    fromList.release();
    fromKeys.release();
    ByteBuf withdrawList = UpdatePacker.withdraw(prefixes, ALLOCATOR);
    ByteBuf withdrawKeys = UpdatePacker.withdrawIpv4(packed, 0, packed.length, ALLOCATOR);
    assertThat(ByteBufUtil.equals(withdrawList, withdrawKeys)).isTrue();
    withdrawList.release();
    withdrawKeys.release();
  }

  @Test
  void packsIpv6WithTheLinkLocalNextHop() throws Exception {
    List<IpPrefix> prefixes = ipv6Prefixes(5_000);
    List<UpdateMessage> messages =
        split(UpdatePacker.announce(DUAL_ATTRIBUTES, prefixes, FOUR_OCTET, ALLOCATOR), FOUR_OCTET);
    List<IpPrefix> received = new ArrayList<>();
    for (UpdateMessage m : messages) {
      assertThat(m.reach())
          .singleElement()
          .extracting(Reach::attributes)
          .isEqualTo(DUAL_ATTRIBUTES);
      received.addAll(m.reach().get(0).prefixes());
    }
    assertThat(received).isEqualTo(prefixes);
    // 4096 - 23 - MP_REACH (4 header, 4 AFI/SAFI/length, 32 next hop, 1 reserved) - 24 other
    // attributes = 4008 bytes, 9 per /64.
    assertThat(messages.get(0).reach().get(0).prefixes()).hasSize(445);
  }

  @Test
  void mixedFamiliesComeOutIpv4First() throws Exception {
    List<IpPrefix> prefixes = new ArrayList<>();
    prefixes.addAll(ipv6Prefixes(2));
    prefixes.addAll(ipv4Prefixes(2));
    PathAttributes v4WithV6Hop = DUAL_ATTRIBUTES.toBuilder().nextHop(null).build();
    assertThatThrownBy(() -> UpdatePacker.announce(v4WithV6Hop, prefixes, TWO_OCTET, ALLOCATOR))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("IPv4 next hop");
    ByteBuf v4Only = UpdatePacker.announce(V4_ATTRIBUTES, ipv4Prefixes(2), TWO_OCTET, ALLOCATOR);
    assertThat(split(v4Only, TWO_OCTET)).hasSize(1);
    assertThatThrownBy(
            () -> UpdatePacker.announce(V4_ATTRIBUTES, ipv6Prefixes(1), TWO_OCTET, ALLOCATOR))
        .hasMessageContaining("next hop of their family");
  }

  @Test
  void withdrawsBothFamilies() throws Exception {
    List<IpPrefix> prefixes = new ArrayList<>();
    prefixes.addAll(ipv6Prefixes(1_000));
    prefixes.addAll(ipv4Prefixes(2_000));
    List<UpdateMessage> messages = split(UpdatePacker.withdraw(prefixes, ALLOCATOR), TWO_OCTET);
    List<IpPrefix> received = new ArrayList<>();
    for (UpdateMessage m : messages) {
      assertThat(m.reach()).isEmpty();
      received.addAll(m.withdrawn());
    }
    assertThat(received)
        .containsExactlyElementsOf(
            () -> {
              List<IpPrefix> expected = new ArrayList<>(prefixes.subList(1_000, 3_000));
              expected.addAll(prefixes.subList(0, 1_000));
              return expected.iterator();
            });
    // IPv4: (4096 - 23) / 4 = 1018 per message; IPv6: (4096 - 23 - 7) / 9 = 451.
    assertThat(messages.get(0).withdrawn()).hasSize(1018);
    assertThat(messages).hasSize(2 + 3);
  }

  @Test
  void nothingToPackGivesAnEmptyBuffer() {
    ByteBuf empty = UpdatePacker.announce(V4_ATTRIBUTES, List.of(), TWO_OCTET, ALLOCATOR);
    assertThat(empty.readableBytes()).isZero();
    empty.release();
    ByteBuf none = UpdatePacker.withdrawIpv4(new long[0], 0, 0, ALLOCATOR);
    assertThat(none.readableBytes()).isZero();
    none.release();
  }

  @Test
  void attributesTooLargeForAnyPrefixAreRefused() {
    int[] communities = new int[1020];
    PathAttributes huge = V4_ATTRIBUTES.toBuilder().communities(communities).build();
    assertThatThrownBy(() -> UpdatePacker.announce(huge, ipv4Prefixes(1), TWO_OCTET, ALLOCATOR))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no room for a prefix");
  }
}
