package dev.tabby.bgp.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.EnumSet;
import java.util.HexFormat;

/** Hex in, messages out, and back: the helpers every wire test uses. */
final class WireTestSupport {
  /** A session where both sides sent the 4-octet AS capability, IPv4 and IPv6. */
  static final CodecContext FOUR_OCTET = new CodecContext(true, EnumSet.allOf(AddressFamily.class));

  /** A session with a peer that lacks 4-octet AS support. */
  static final CodecContext TWO_OCTET = new CodecContext(false, EnumSet.allOf(AddressFamily.class));

  static final String MARKER = "ffffffffffffffffffffffffffffffff";

  private WireTestSupport() {}

  /** Bytes from hex; spaces, newlines and '|' are ignored so layouts can be written readably. */
  static byte[] hex(String hex) {
    return HexFormat.of().parseHex(hex.replaceAll("[\\s|]", ""));
  }

  static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  /** Hex of the readable bytes; releases the buffer. */
  static String hexAndRelease(ByteBuf buf) {
    try {
      return ByteBufUtil.hexDump(buf);
    } finally {
      buf.release();
    }
  }

  /** A whole message: marker, computed length, type, then the body. */
  static byte[] message(int type, String bodyHex) {
    byte[] body = hex(bodyHex);
    int length = 19 + body.length;
    return hex(MARKER + String.format("%04x%02x", length, type) + hex(body));
  }

  /** An UPDATE from its three fields; the two length fields are computed. */
  static byte[] update(String withdrawnHex, String attributesHex, String nlriHex) {
    byte[] withdrawn = hex(withdrawnHex);
    byte[] attributes = hex(attributesHex);
    return message(
        BgpMessage.TYPE_UPDATE,
        String.format("%04x", withdrawn.length)
            + hex(withdrawn)
            + String.format("%04x", attributes.length)
            + hex(attributes)
            + nlriHex);
  }

  static BgpMessage decode(byte[] message, CodecContext context) throws BgpProtocolException {
    ByteBuf buf = Unpooled.wrappedBuffer(message);
    BgpMessage decoded = BgpCodec.decode(buf, context);
    assertThat(buf.isReadable()).as("decode consumes the whole frame").isFalse();
    return decoded;
  }

  static UpdateMessage decodeUpdate(byte[] message, CodecContext context)
      throws BgpProtocolException {
    return (UpdateMessage) decode(message, context);
  }

  /** Decoding must fail; returns the failure for checks on its notification. */
  static NotificationMessage decodeFailure(byte[] message, CodecContext context) {
    BgpProtocolException e =
        catchThrowableOfType(BgpProtocolException.class, () -> decode(message, context));
    assertThat(e).as("decoding should have failed").isNotNull();
    assertThat(e.getMessage()).isNotBlank();
    return e.notification();
  }

  static String encode(BgpMessage message, CodecContext context) {
    return hexAndRelease(BgpCodec.encode(message, context, UnpooledByteBufAllocator.DEFAULT));
  }

  /** Asserts the notification's code, subcode and data (hex). */
  static void assertNotification(
      NotificationMessage notification, int code, int subcode, String dataHex) {
    assertThat(notification.code()).as("code of %s", notification).isEqualTo(code);
    assertThat(notification.subcode()).as("subcode of %s", notification).isEqualTo(subcode);
    assertThat(hex(notification.data()))
        .as("data of %s", notification)
        .isEqualTo(hex(hex(dataHex)));
  }
}
