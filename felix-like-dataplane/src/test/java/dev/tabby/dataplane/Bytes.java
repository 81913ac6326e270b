package dev.tabby.dataplane;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Hand-assembled netlink bytes for codec tests (netlink is host order; these hosts are
 * little-endian).
 */
final class Bytes {
  private Bytes() {}

  /** "3c 00 18 00" → bytes; spaces and line breaks ignored. */
  static byte[] hex(String text) {
    String digits = text.replaceAll("\\s+", "");
    byte[] bytes = new byte[digits.length() / 2];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) Integer.parseInt(digits.substring(2 * i, 2 * i + 2), 16);
    }
    return bytes;
  }

  static ByteBuffer buffer(int size) {
    return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
  }

  static byte[] written(ByteBuffer buffer) {
    byte[] bytes = new byte[buffer.position()];
    buffer.get(0, bytes);
    return bytes;
  }
}
