package dev.tabby.bfd;

import java.nio.ByteBuffer;

/**
 * A BFD Control packet without authentication (RFC 5880 §4.1). Intervals are in microseconds, as on
 * the wire. Decoding applies the checks of §6.8.6 that need only the packet itself.
 */
public record ControlPacket(
    Diagnostic diagnostic,
    BfdState state,
    boolean poll,
    boolean fin,
    boolean controlPlaneIndependent,
    boolean demand,
    int detectMultiplier,
    int myDiscriminator,
    int yourDiscriminator,
    long desiredMinTxMicros,
    long requiredMinRxMicros,
    long requiredMinEchoRxMicros) {

  public static final int VERSION = 1;
  public static final int LENGTH = 24;

  private static final int POLL = 0x20;
  private static final int FINAL = 0x10;
  private static final int CONTROL_PLANE_INDEPENDENT = 0x08;
  private static final int AUTHENTICATION_PRESENT = 0x04;
  private static final int DEMAND = 0x02;
  private static final int MULTIPOINT = 0x01;

  public ControlPacket {
    if (poll && fin) {
      throw new IllegalArgumentException("a Control packet never has both Poll and Final set");
    }
  }

  /** Writes the 24 bytes of the packet at the buffer's position. */
  public void encode(ByteBuffer out) {
    out.put((byte) (VERSION << 5 | diagnostic.code()));
    int flags = state.code() << 6;
    flags |= poll ? POLL : 0;
    flags |= fin ? FINAL : 0;
    flags |= controlPlaneIndependent ? CONTROL_PLANE_INDEPENDENT : 0;
    flags |= demand ? DEMAND : 0;
    out.put((byte) flags);
    out.put((byte) detectMultiplier);
    out.put((byte) LENGTH);
    out.putInt(myDiscriminator);
    out.putInt(yourDiscriminator);
    out.putInt((int) desiredMinTxMicros);
    out.putInt((int) requiredMinRxMicros);
    out.putInt((int) requiredMinEchoRxMicros);
  }

  public byte[] toBytes() {
    ByteBuffer out = ByteBuffer.allocate(LENGTH);
    encode(out);
    return out.array();
  }

  /**
   * Decodes the {@code received} bytes from the buffer's position.
   *
   * @throws MalformedPacketException naming the §6.8.6 rule the packet breaks
   */
  public static ControlPacket decode(ByteBuffer in, int received) throws MalformedPacketException {
    if (received < LENGTH) {
      throw new MalformedPacketException("datagram of " + received + " bytes, shorter than 24");
    }
    int start = in.position();
    int first = in.get(start) & 0xff;
    int version = first >>> 5;
    if (version != VERSION) {
      throw new MalformedPacketException("version " + version + ", not 1");
    }
    int flags = in.get(start + 1) & 0xff;
    int length = in.get(start + 3) & 0xff;
    if ((flags & AUTHENTICATION_PRESENT) != 0) {
      throw new MalformedPacketException("authentication present, and none is configured");
    }
    if (length < LENGTH) {
      throw new MalformedPacketException("length field " + length + ", less than 24");
    }
    if (length > received) {
      throw new MalformedPacketException(
          "length field " + length + ", more than the " + received + " bytes received");
    }
    int multiplier = in.get(start + 2) & 0xff;
    if (multiplier == 0) {
      throw new MalformedPacketException("detect multiplier 0");
    }
    if ((flags & MULTIPOINT) != 0) {
      throw new MalformedPacketException("multipoint bit set");
    }
    int myDiscriminator = in.getInt(start + 4);
    if (myDiscriminator == 0) {
      throw new MalformedPacketException("my discriminator 0");
    }
    boolean poll = (flags & POLL) != 0;
    boolean fin = (flags & FINAL) != 0;
    if (poll && fin) {
      throw new MalformedPacketException("both poll and final set");
    }
    return new ControlPacket(
        Diagnostic.ofCode(first & 0x1f),
        BfdState.ofCode(flags >>> 6),
        poll,
        fin,
        (flags & CONTROL_PLANE_INDEPENDENT) != 0,
        (flags & DEMAND) != 0,
        multiplier,
        myDiscriminator,
        in.getInt(start + 8),
        Integer.toUnsignedLong(in.getInt(start + 12)),
        Integer.toUnsignedLong(in.getInt(start + 16)),
        Integer.toUnsignedLong(in.getInt(start + 20)));
  }
}
