package dev.tabby.dataplane.netlink;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Walks the attributes in a byte range of a native-order buffer: {@code while (c.next()) switch
 * (c.type()) ...}. Reusable and allocation-free except for the values it is asked to copy out.
 */
public final class AttributeCursor {
  private static final int NLA_TYPE_MASK = 0x3fff;
  private ByteBuffer buffer;
  private int next;
  private int end;
  private int current;
  private int length;

  public AttributeCursor reset(ByteBuffer buffer, int start, int end) {
    this.buffer = buffer;
    this.next = start;
    this.end = end;
    return this;
  }

  /** Moves to the next attribute; false at the end of the range or at a malformed attribute. */
  public boolean next() {
    if (next + 4 > end) {
      return false;
    }
    int len = buffer.getShort(next) & 0xffff;
    if (len < 4 || next + len > end) {
      return false;
    }
    current = next;
    length = len;
    next += Rtnl.align(len);
    return true;
  }

  public int type() {
    return buffer.getShort(current + 2) & NLA_TYPE_MASK;
  }

  /** Offset of the value within the buffer. */
  public int valueOffset() {
    return current + 4;
  }

  public int valueLength() {
    return length - 4;
  }

  /** The value's end offset, for walking a nested attribute. */
  public int valueEnd() {
    return current + length;
  }

  public int u8() {
    return buffer.get(current + 4) & 0xff;
  }

  public int u32() {
    return buffer.getInt(current + 4);
  }

  public byte[] bytes() {
    byte[] value = new byte[valueLength()];
    // Byte by byte: for values this small, faster than the bulk get on a direct buffer.
    for (int i = 0; i < value.length; i++) {
      value[i] = buffer.get(current + 4 + i);
    }
    return value;
  }

  /** A string value without its trailing NUL. */
  public String string() {
    int len = valueLength();
    while (len > 0 && buffer.get(current + 4 + len - 1) == 0) {
      len--;
    }
    byte[] text = new byte[len];
    buffer.get(current + 4, text);
    return new String(text, StandardCharsets.UTF_8);
  }
}
