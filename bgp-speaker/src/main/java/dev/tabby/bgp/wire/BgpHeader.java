package dev.tabby.bgp.wire;

import static dev.tabby.bgp.wire.NotificationCodes.BAD_MESSAGE_LENGTH;
import static dev.tabby.bgp.wire.NotificationCodes.BAD_MESSAGE_TYPE;
import static dev.tabby.bgp.wire.NotificationCodes.CONNECTION_NOT_SYNCHRONIZED;
import static dev.tabby.bgp.wire.NotificationCodes.MESSAGE_HEADER_ERROR;

import io.netty.buffer.ByteBuf;

/**
 * The 19-byte common header (RFC 4271 §4.1): a 16-byte all-ones marker, a 2-byte total length and a
 * type; its checks (§6.1) and writing.
 */
final class BgpHeader {
  static final int MARKER_LENGTH = 16;
  static final int LENGTH = 19;

  /**
   * Largest message without the extended message capability (RFC 8654), and of an OPEN always; see
   * {@link ExtendedMessages}.
   */
  static final int MAX_MESSAGE_LENGTH = ExtendedMessages.STANDARD_MAX_LENGTH;

  private static final long ALL_ONES = -1L;

  private BgpHeader() {}

  /**
   * Checks the header at the reader index of {@code in} (at least {@link #LENGTH} readable bytes)
   * without moving it, and returns the message length.
   *
   * @param extendedMessages both sides sent the extended message capability: UPDATE, NOTIFICATION
   *     and ROUTE-REFRESH may be up to 65,535 bytes long, OPEN and KEEPALIVE still not (RFC 8654
   *     §4)
   */
  static int check(ByteBuf in, boolean extendedMessages) throws BgpProtocolException {
    int start = in.readerIndex();
    if (in.getLong(start) != ALL_ONES || in.getLong(start + 8) != ALL_ONES) {
      throw new BgpProtocolException(
          MESSAGE_HEADER_ERROR, CONNECTION_NOT_SYNCHRONIZED, "header marker is not all ones");
    }
    int length = in.getUnsignedShort(start + MARKER_LENGTH);
    int type = in.getUnsignedByte(start + MARKER_LENGTH + 2);
    int longest = ExtendedMessages.maxLength(extendedMessages);
    if (length < LENGTH || length > longest) {
      throw badLength(length, "message length " + length + " outside 19.." + longest);
    }
    int min;
    int max = longest;
    switch (type) {
      case BgpMessage.TYPE_OPEN -> {
        min = 29;
        max = MAX_MESSAGE_LENGTH;
      }
      case BgpMessage.TYPE_UPDATE -> min = 23;
      case BgpMessage.TYPE_NOTIFICATION -> min = 21;
      case BgpMessage.TYPE_KEEPALIVE -> {
        min = LENGTH;
        max = LENGTH;
      }
      case BgpMessage.TYPE_ROUTE_REFRESH -> {
        min = 23;
        max = 23;
      }
      default ->
          throw new BgpProtocolException(
              MESSAGE_HEADER_ERROR,
              BAD_MESSAGE_TYPE,
              new byte[] {(byte) type},
              "unknown message type " + type);
    }
    if (length < min || length > max) {
      throw badLength(length, "message length " + length + " is impossible for type " + type);
    }
    return length;
  }

  /** Bad Message Length carries the erroneous length field as data (RFC 4271 §6.1). */
  private static BgpProtocolException badLength(int length, String reason) {
    return new BgpProtocolException(
        MESSAGE_HEADER_ERROR,
        BAD_MESSAGE_LENGTH,
        new byte[] {(byte) (length >> 8), (byte) length},
        reason);
  }

  /** Writes a header with a placeholder length; returns where the message starts. */
  static int writeStart(ByteBuf out, int type) {
    int start = out.writerIndex();
    out.writeLong(ALL_ONES).writeLong(ALL_ONES).writeShort(0).writeByte(type);
    return start;
  }

  /**
   * Patches the length of the message that starts at {@code start} and ends at the writer index.
   *
   * @throws IllegalArgumentException when the message is longer than 4096 bytes
   */
  static void finish(ByteBuf out, int start) {
    finish(out, start, MAX_MESSAGE_LENGTH);
  }

  /**
   * As {@link #finish(ByteBuf, int)}, for a message that may be up to {@code maxLength} bytes long.
   *
   * @throws IllegalArgumentException when the message is longer
   */
  static void finish(ByteBuf out, int start, int maxLength) {
    int length = out.writerIndex() - start;
    if (length > maxLength) {
      throw new IllegalArgumentException(
          "message of "
              + length
              + " bytes exceeds "
              + maxLength
              + "; split it (UpdatePacker does)");
    }
    out.setShort(start + MARKER_LENGTH, length);
  }
}
