package dev.tabby.bgp.wire;

import static dev.tabby.bgp.wire.NotificationCodes.BAD_MESSAGE_LENGTH;
import static dev.tabby.bgp.wire.NotificationCodes.MESSAGE_HEADER_ERROR;
import static dev.tabby.bgp.wire.NotificationCodes.OPEN_MESSAGE_ERROR;
import static dev.tabby.bgp.wire.NotificationCodes.UNSPECIFIC;
import static dev.tabby.bgp.wire.WireTestSupport.assertNotification;
import static dev.tabby.bgp.wire.WireTestSupport.decode;
import static dev.tabby.bgp.wire.WireTestSupport.decodeFailure;
import static dev.tabby.bgp.wire.WireTestSupport.encode;
import static dev.tabby.bgp.wire.WireTestSupport.hex;
import static dev.tabby.bgp.wire.WireTestSupport.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.net.InetAddresses;
import dev.tabby.net.IpPrefix;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** RFC 8654: the capability, the length limits before and after it is negotiated, and packing. */
class ExtendedMessagesTest {
  private static final UnpooledByteBufAllocator ALLOCATOR = UnpooledByteBufAllocator.DEFAULT;
  private static final Inet4Address ROUTER_ID = (Inet4Address) InetAddresses.forString("10.0.0.1");
  private static final CodecContext STANDARD =
      new CodecContext(true, EnumSet.allOf(AddressFamily.class));
  private static final CodecContext EXTENDED =
      new CodecContext(
          true, EnumSet.allOf(AddressFamily.class), false, true, PathIdFamilies.NONE, false);

  /** 1,500 communities: 6,000 bytes of attribute, more than a 4,096-byte UPDATE holds. */
  private static final PathAttributes LONG =
      PathAttributes.builder()
          .nextHop(InetAddresses.forString("10.0.0.1"))
          .communities(IntStream.range(0, 1500).map(i -> 65001 << 16 | i).toArray())
          .build();

  private static final PathAttributes SHORT =
      PathAttributes.builder().nextHop(InetAddresses.forString("10.0.0.1")).build();

  private static final UpdateMessage LONG_UPDATE =
      UpdateMessage.announce(LONG, List.of(IpPrefix.parse("10.1.0.0/24")));

  @Test
  void theCapabilityIsCodeSixWithoutAValue() throws Exception {
    OpenMessage open =
        OpenMessage.of(65001, 90, ROUTER_ID, Capabilities.builder().extendedMessages(true).build());

    String encoded = encode(open, STANDARD);

    // One Capabilities parameter (type 2) of 2 bytes: code 6, length 0.
    assertThat(encoded).endsWith("0402020600");
    OpenMessage decoded = (OpenMessage) decode(hex(encoded), STANDARD);
    assertThat(decoded.capabilities().extendedMessages()).isTrue();
    assertThat(decoded).isEqualTo(open);
    assertThat(
            ((OpenMessage)
                    decode(
                        hex(
                            encode(
                                OpenMessage.of(65001, 90, ROUTER_ID, Capabilities.NONE), STANDARD)),
                        STANDARD))
                .capabilities()
                .extendedMessages())
        .isFalse();
  }

  @Test
  void theCapabilityWithAValueIsAnOpenError() {
    assertNotification(
        decodeFailure(
            message(BgpMessage.TYPE_OPEN, "04 fde9 005a 0a000002 | 05 | 02 03 06 01 00"), STANDARD),
        OPEN_MESSAGE_ERROR,
        UNSPECIFIC,
        "");
  }

  @Test
  void negotiatedOnlyWhenBothOpensCarryIt() {
    Capabilities with = Capabilities.builder().extendedMessages(true).build();
    Capabilities without = Capabilities.NONE;

    assertThat(ExtendedMessages.negotiated(with, with)).isTrue();
    assertThat(ExtendedMessages.negotiated(with, without)).isFalse();
    assertThat(ExtendedMessages.negotiated(without, with)).isFalse();
    assertThat(sessionMaxLength(with, with)).isEqualTo(65535);
    assertThat(sessionMaxLength(with, without)).isEqualTo(4096);
  }

  /** The longest message of a session whose OPENs carried these capabilities. */
  private static int sessionMaxLength(Capabilities ours, Capabilities theirs) {
    return CodecContext.negotiated(
            OpenMessage.of(65000, 90, ROUTER_ID, ours),
            OpenMessage.of(65001, 90, ROUTER_ID, theirs))
        .maxMessageLength();
  }

  @Test
  void anUpdateLongerThan4096IsABadMessageLengthUntilNegotiated() {
    byte[] update = encodeBytes(LONG_UPDATE, EXTENDED);
    String length = String.format("%04x", update.length);
    assertThat(update.length).isBetween(4097, 65535);

    EmbeddedChannel before = channel(null);
    before.writeInbound(Unpooled.wrappedBuffer(update));
    DecodeFailure failure = before.readInbound();
    assertNotification(failure.notification(), MESSAGE_HEADER_ERROR, BAD_MESSAGE_LENGTH, length);
    before.finishAndReleaseAll();

    EmbeddedChannel after = channel(EXTENDED);
    after.writeInbound(Unpooled.wrappedBuffer(update));
    UpdateMessage decoded = after.readInbound();
    assertThat(decoded).isEqualTo(LONG_UPDATE);
    after.finishAndReleaseAll();
  }

  @Test
  void aNotificationMayGrowOnceNegotiated() throws Exception {
    byte[] notification = new byte[5000];
    byte[] header = hex("ffffffffffffffffffffffffffffffff 1388 03 0600");
    System.arraycopy(header, 0, notification, 0, header.length);

    assertNotification(
        decodeFailure(notification, STANDARD), MESSAGE_HEADER_ERROR, BAD_MESSAGE_LENGTH, "1388");
    // Its data is cut to what a NOTIFICATION of ours could carry: it is only logged.
    NotificationMessage decoded = (NotificationMessage) decode(notification, EXTENDED);
    assertThat(decoded.code()).isEqualTo(6);
    assertThat(decoded.data()).hasSize(NotificationMessage.MAX_DATA_LENGTH);
  }

  @Test
  void anOpenOrKeepaliveNeverGrows() {
    // RFC 8654 §4: OPEN and KEEPALIVE are excluded; an OPEN of 4,097 bytes is too long even after.
    byte[] open = new byte[4097];
    System.arraycopy(hex("ffffffffffffffffffffffffffffffff 1001 01"), 0, open, 0, 19);
    assertNotification(
        decodeFailure(open, EXTENDED), MESSAGE_HEADER_ERROR, BAD_MESSAGE_LENGTH, "1001");
    byte[] keepalive = hex("ffffffffffffffffffffffffffffffff 0014 04 00");
    assertNotification(
        decodeFailure(keepalive, EXTENDED), MESSAGE_HEADER_ERROR, BAD_MESSAGE_LENGTH, "0014");
  }

  @Test
  void anUpdateLongerThanTheSessionAllowsIsNotEncoded() {
    assertThatThrownBy(() -> encodeBytes(LONG_UPDATE, STANDARD))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("exceeds 4096");
  }

  @Test
  void announcementsFillMessagesUpToTheSessionsLongest() throws Exception {
    List<IpPrefix> prefixes = slash24s(40_000);

    List<UpdateMessage> standard =
        split(UpdatePacker.announce(SHORT, prefixes, STANDARD, ALLOCATOR), STANDARD, 4096);
    List<UpdateMessage> extended =
        split(UpdatePacker.announce(SHORT, prefixes, EXTENDED, ALLOCATOR), EXTENDED, 65535);

    // 4,096 - 19 header - 4 lengths - 14 attributes = 4,059 bytes: 1,014 /24s; 65,535: 16,374.
    assertThat(standard.get(0).reach().get(0).prefixes()).hasSize(1014);
    assertThat(extended.get(0).reach().get(0).prefixes()).hasSize(16_374);
    assertThat(extended).hasSize(3);
    assertThat(extended.stream().flatMap(m -> m.reach().get(0).prefixes().stream()).toList())
        .isEqualTo(prefixes);
  }

  @Test
  void attributesTooLongEvenFor65535BytesAreRefusedAsBefore() {
    PathAttributes huge =
        SHORT.toBuilder()
            .communities(IntStream.range(0, 16_400).map(i -> 65001 << 16 | i).toArray())
            .build();
    List<IpPrefix> one = List.of(IpPrefix.parse("10.1.0.0/24"));

    assertThatThrownBy(() -> UpdatePacker.announce(LONG, one, STANDARD, ALLOCATOR))
        .isInstanceOf(AttributesTooLongException.class)
        .hasMessageContaining("4096-byte UPDATE");
    assertThatThrownBy(() -> UpdatePacker.announce(huge, one, EXTENDED, ALLOCATOR))
        .isInstanceOf(AttributesTooLongException.class)
        .hasMessageContaining("65535-byte UPDATE");
  }

  @Test
  void withdrawalsStayWithin4096BytesForEveryPeer() throws Exception {
    List<IpPrefix> prefixes = slash24s(5_000);

    assertThat(split(UpdatePacker.withdraw(prefixes, ALLOCATOR), STANDARD, 4096)).hasSize(5);
  }

  /** {@code count} /24s from 10.0.0.0/24 on. */
  private static List<IpPrefix> slash24s(int count) {
    return IntStream.range(0, count)
        .mapToObj(i -> IpPrefix.ipv4(0x0A000000 + (i << 8), 24))
        .toList();
  }

  private static EmbeddedChannel channel(CodecContext context) {
    EmbeddedChannel channel =
        new EmbeddedChannel(
            new BgpFrameDecoder(), new BgpMessageDecoder(), new BgpMessageEncoder());
    channel.attr(CodecContext.KEY).set(context);
    return channel;
  }

  private static byte[] encodeBytes(BgpMessage message, CodecContext context) {
    ByteBuf encoded = BgpCodec.encode(message, context, ALLOCATOR);
    try {
      return ByteBufUtil.getBytes(encoded);
    } finally {
      encoded.release();
    }
  }

  /** The messages of a packed buffer, each at most {@code maxLength} bytes; releases it. */
  private static List<UpdateMessage> split(ByteBuf packed, CodecContext context, int maxLength)
      throws Exception {
    List<UpdateMessage> messages = new ArrayList<>();
    try {
      while (packed.isReadable()) {
        int length = packed.getUnsignedShort(packed.readerIndex() + 16);
        assertThat(length).isBetween(23, maxLength);
        messages.add((UpdateMessage) BgpCodec.decode(packed.readSlice(length), context));
      }
    } finally {
      packed.release();
    }
    return messages;
  }
}
