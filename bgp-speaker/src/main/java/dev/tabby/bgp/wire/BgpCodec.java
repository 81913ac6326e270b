package dev.tabby.bgp.wire;

import static dev.tabby.bgp.wire.NotificationCodes.BAD_MESSAGE_LENGTH;
import static dev.tabby.bgp.wire.NotificationCodes.MESSAGE_HEADER_ERROR;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;

/**
 * Decodes and encodes whole BGP-4 messages, header included. Decoding never throws anything but
 * {@link BgpProtocolException} for bad input; encoding throws {@link IllegalArgumentException} for
 * a message that cannot be sent as it is (e.g. longer than the session's longest message).
 */
public final class BgpCodec {
  private BgpCodec() {}

  /**
   * Decodes one whole message (header and body, nothing more) and consumes it from {@code frame}.
   *
   * @throws BgpProtocolException with the NOTIFICATION to send when the message is malformed
   */
  public static BgpMessage decode(ByteBuf frame, CodecContext context) throws BgpProtocolException {
    int readable = frame.readableBytes();
    if (readable < BgpHeader.LENGTH) {
      throw new BgpProtocolException(
          MESSAGE_HEADER_ERROR,
          BAD_MESSAGE_LENGTH,
          "frame of " + readable + " bytes is shorter than a header");
    }
    int length = BgpHeader.check(frame, context.extendedMessages());
    if (length != readable) {
      throw new BgpProtocolException(
          MESSAGE_HEADER_ERROR,
          BAD_MESSAGE_LENGTH,
          new byte[] {(byte) (length >> 8), (byte) length},
          "header says " + length + " bytes, frame holds " + readable);
    }
    int type = frame.getUnsignedByte(frame.readerIndex() + BgpHeader.LENGTH - 1);
    ByteBuf body = frame.slice(frame.readerIndex() + BgpHeader.LENGTH, length - BgpHeader.LENGTH);
    frame.skipBytes(length);
    return switch (type) {
      case BgpMessage.TYPE_OPEN -> OpenCodec.decode(body);
      case BgpMessage.TYPE_UPDATE -> UpdateDecoder.decode(body, context);
      case BgpMessage.TYPE_NOTIFICATION ->
          new NotificationMessage(
              body.readUnsignedByte(), body.readUnsignedByte(), ByteBufUtil.getBytes(body));
      case BgpMessage.TYPE_KEEPALIVE -> KeepaliveMessage.INSTANCE;
      case BgpMessage.TYPE_ROUTE_REFRESH -> decodeRouteRefresh(body);
      default -> throw new AssertionError("BgpHeader.check let type " + type + " through");
    };
  }

  private static RouteRefreshMessage decodeRouteRefresh(ByteBuf body) {
    int afi = body.readUnsignedShort();
    body.skipBytes(1); // reserved (RFC 7313 puts a subtype here; we neither send nor need it)
    return new RouteRefreshMessage(afi, body.readUnsignedByte());
  }

  /** Encodes the message into a new buffer from {@code allocator}; the caller owns it. */
  public static ByteBuf encode(
      BgpMessage message, CodecContext context, ByteBufAllocator allocator) {
    ByteBuf out = allocator.buffer();
    try {
      encode(message, context, out);
      return out;
    } catch (RuntimeException e) {
      out.release();
      throw e;
    }
  }

  /** Appends the encoded message to {@code out}. */
  public static void encode(BgpMessage message, CodecContext context, ByteBuf out) {
    if (message instanceof UpdateMessage update) {
      UpdateEncoder.write(out, update, context);
      return;
    }
    int start = BgpHeader.writeStart(out, message.type());
    if (message instanceof OpenMessage open) {
      OpenCodec.encode(out, open);
    } else if (message instanceof NotificationMessage notification) {
      out.writeByte(notification.code()).writeByte(notification.subcode());
      out.writeBytes(notification.data());
    } else if (message instanceof RouteRefreshMessage refresh) {
      out.writeShort(refresh.afi()).writeByte(0).writeByte(refresh.safi());
    }
    // A KEEPALIVE is the header alone.
    BgpHeader.finish(out, start);
  }
}
