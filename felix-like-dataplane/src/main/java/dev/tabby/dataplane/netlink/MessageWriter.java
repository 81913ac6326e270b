package dev.tabby.dataplane.netlink;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Appends netlink messages and their attributes (type-length-value, 4-byte aligned, nestable) to a
 * native-order buffer. Writing allocates nothing, so a batch of 100,000 routes makes no garbage.
 */
public final class MessageWriter {
  private final ByteBuffer buffer;

  public MessageWriter(ByteBuffer buffer) {
    this.buffer = buffer;
  }

  public ByteBuffer buffer() {
    return buffer;
  }

  public int position() {
    return buffer.position();
  }

  public int remaining() {
    return buffer.remaining();
  }

  /** Forgets everything written so far. */
  public void clear() {
    buffer.clear();
  }

  /** Rewinds to a position returned earlier, dropping what was written since. */
  public void truncate(int position) {
    buffer.position(position);
  }

  /** Starts a message; returns its start, to hand to {@link #endMessage}. */
  public int beginMessage(int type, int flags, int seq) {
    int start = buffer.position();
    buffer.putInt(0).putShort((short) type).putShort((short) flags).putInt(seq).putInt(0);
    return start;
  }

  /** Sets the length of the message begun at {@code start}. */
  public void endMessage(int start) {
    buffer.putInt(start, buffer.position() - start);
  }

  public MessageWriter u8(int value) {
    buffer.put((byte) value);
    return this;
  }

  public MessageWriter u16(int value) {
    buffer.putShort((short) value);
    return this;
  }

  public MessageWriter u32(int value) {
    buffer.putInt(value);
    return this;
  }

  public MessageWriter bytes(byte[] value) {
    buffer.put(value);
    return this;
  }

  /** Zero bytes up to the next 4-byte boundary. */
  public MessageWriter pad() {
    while ((buffer.position() & 3) != 0) {
      buffer.put((byte) 0);
    }
    return this;
  }

  public MessageWriter attrU32(int type, int value) {
    buffer.putShort((short) 8).putShort((short) type).putInt(value);
    return this;
  }

  public MessageWriter attrBytes(int type, byte[] value) {
    buffer.putShort((short) (4 + value.length)).putShort((short) type).put(value);
    return pad();
  }

  /** A NUL-terminated string attribute, as interface names are carried. */
  public MessageWriter attrString(int type, String value) {
    byte[] text = value.getBytes(StandardCharsets.UTF_8);
    buffer.putShort((short) (4 + text.length + 1)).putShort((short) type).put(text).put((byte) 0);
    return pad();
  }

  /** Starts a nested attribute; returns its start, to hand to {@link #endNested}. */
  public int beginNested(int type) {
    int start = buffer.position();
    buffer.putShort((short) 0).putShort((short) type);
    return start;
  }

  public void endNested(int start) {
    buffer.putShort(start, (short) (buffer.position() - start));
  }
}
