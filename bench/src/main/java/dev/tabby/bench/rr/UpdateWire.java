package dev.tabby.bench.rr;

import java.nio.ByteBuffer;

/**
 * The simulator's own UPDATEs, and just enough reading of the reflector's to count prefixes: the
 * withdrawn routes, the NEXT_HOP attribute and the NLRI of plain IPv4 unicast. Hand-rolled so that
 * a million reflected UPDATEs cost the simulator a few hundred nanoseconds each and no garbage.
 */
final class UpdateWire {

  static final int HEADER = 19;
  static final int TYPE_OPEN = 1;
  static final int TYPE_UPDATE = 2;
  static final int TYPE_NOTIFICATION = 3;
  static final int TYPE_KEEPALIVE = 4;

  private static final int FLAG_EXTENDED_LENGTH = 0x10;
  private static final int ATTRIBUTE_NEXT_HOP = 3;
  private static final int LOCAL_PREF = 100;

  /** What a reflected UPDATE says, prefix by prefix. */
  interface PrefixSink {
    void withdrawn(int address, int length);

    /**
     * @param nextHop the UPDATE's NEXT_HOP, 0 when it has none
     */
    void announced(int address, int length, int nextHop);
  }

  private UpdateWire() {}

  /** ORIGIN IGP, an empty AS_PATH (iBGP), NEXT_HOP and LOCAL_PREF 100, and one prefix. */
  static byte[] announce(int address, int length, int nextHop) {
    byte[] attributes = {
      0x40,
      1,
      1,
      0, // ORIGIN IGP
      0x40,
      2,
      0, // AS_PATH, empty
      0x40,
      ATTRIBUTE_NEXT_HOP,
      4,
      0,
      0,
      0,
      0,
      0x40,
      5,
      4,
      0,
      0,
      0,
      LOCAL_PREF
    };
    putInt(attributes, 10, nextHop);
    ByteBuffer message = header(2 + 2 + attributes.length + 1 + prefixBytes(length));
    message.putShort((short) 0).putShort((short) attributes.length).put(attributes);
    putPrefix(message, address, length);
    return message.array();
  }

  static byte[] withdraw(int address, int length) {
    int withdrawnLength = 1 + prefixBytes(length);
    ByteBuffer message = header(2 + withdrawnLength + 2);
    message.putShort((short) withdrawnLength);
    putPrefix(message, address, length);
    return message.putShort((short) 0).array();
  }

  /** The message's type, with {@code buffer}'s message starting at {@code start}. */
  static int type(ByteBuffer buffer, int start) {
    return buffer.get(start + HEADER - 1) & 0xFF;
  }

  /** The message's length from its header, or -1 while the header is not all in. */
  static int length(ByteBuffer buffer, int start, int end) {
    return end - start < HEADER ? -1 : buffer.getShort(start + 16) & 0xFFFF;
  }

  /** Reads the UPDATE at {@code start}, {@code length} bytes, into {@code sink}. */
  static void readUpdate(ByteBuffer buffer, int start, int length, PrefixSink sink) {
    int end = start + length;
    int withdrawnLength = buffer.getShort(start + HEADER) & 0xFFFF;
    int position = start + HEADER + 2;
    int withdrawnEnd = position + withdrawnLength;
    while (position < withdrawnEnd) {
      int prefixLength = buffer.get(position) & 0xFF;
      sink.withdrawn(prefixAddress(buffer, position + 1, prefixLength), prefixLength);
      position += 1 + prefixBytes(prefixLength);
    }
    int attributesLength = buffer.getShort(position) & 0xFFFF;
    position += 2;
    int attributesEnd = position + attributesLength;
    int nextHop = 0;
    while (position < attributesEnd) {
      int flags = buffer.get(position) & 0xFF;
      int type = buffer.get(position + 1) & 0xFF;
      boolean extended = (flags & FLAG_EXTENDED_LENGTH) != 0;
      int valueLength =
          extended ? buffer.getShort(position + 2) & 0xFFFF : buffer.get(position + 2) & 0xFF;
      int value = position + (extended ? 4 : 3);
      if (type == ATTRIBUTE_NEXT_HOP && valueLength == 4) {
        nextHop = buffer.getInt(value);
      }
      position = value + valueLength;
    }
    while (position < end) {
      int prefixLength = buffer.get(position) & 0xFF;
      sink.announced(prefixAddress(buffer, position + 1, prefixLength), prefixLength, nextHop);
      position += 1 + prefixBytes(prefixLength);
    }
  }

  private static int prefixAddress(ByteBuffer buffer, int position, int length) {
    int address = 0;
    for (int i = 0; i < prefixBytes(length); i++) {
      address |= (buffer.get(position + i) & 0xFF) << (24 - 8 * i);
    }
    return address;
  }

  private static int prefixBytes(int length) {
    return (length + 7) / 8;
  }

  private static ByteBuffer header(int bodyLength) {
    ByteBuffer message = ByteBuffer.allocate(HEADER + bodyLength);
    for (int i = 0; i < 16; i++) {
      message.put((byte) 0xFF);
    }
    return message.putShort((short) (HEADER + bodyLength)).put((byte) TYPE_UPDATE);
  }

  private static void putPrefix(ByteBuffer message, int address, int length) {
    message.put((byte) length);
    for (int i = 0; i < prefixBytes(length); i++) {
      message.put((byte) (address >>> (24 - 8 * i)));
    }
  }

  private static void putInt(byte[] bytes, int offset, int value) {
    ByteBuffer.wrap(bytes, offset, 4).putInt(value);
  }
}
