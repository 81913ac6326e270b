package dev.tabby.bgp.wire;

import static dev.tabby.bgp.wire.NotificationCodes.OPEN_MESSAGE_ERROR;
import static dev.tabby.bgp.wire.NotificationCodes.UNSPECIFIC;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.util.LinkedHashMap;
import java.util.Map;

/** Capabilities (RFC 5492 §4): a code, a 1-byte length and a value each. */
final class CapabilityCodec {
  private static final int GRACEFUL_RESTART_R_BIT = 0x8000;
  private static final int GRACEFUL_RESTART_N_BIT = 0x4000;
  private static final int GRACEFUL_RESTART_F_BIT = 0x80;

  private CapabilityCodec() {}

  /**
   * Reads the capabilities in all readable bytes of one Capabilities optional parameter into the
   * builder. A capability we know but cannot parse is an OPEN Message Error / Unspecific (RFC 4271
   * §6.2).
   */
  static void read(ByteBuf in, Capabilities.Builder into) throws BgpProtocolException {
    while (in.isReadable()) {
      if (in.readableBytes() < 2) {
        throw malformed("capability header truncated");
      }
      int code = in.readUnsignedByte();
      int length = in.readUnsignedByte();
      if (length > in.readableBytes()) {
        throw malformed("capability " + code + " of " + length + " bytes overruns its parameter");
      }
      ByteBuf value = in.readSlice(length);
      switch (code) {
        case Capabilities.MULTIPROTOCOL -> {
          requireLength(code, length == 4, length);
          int afi = value.readUnsignedShort();
          value.skipBytes(1); // reserved
          int safi = value.readUnsignedByte();
          AddressFamily.of(afi, safi)
              .ifPresentOrElse(
                  into::multiprotocol,
                  () ->
                      into.unknown(new UnknownCapability(code, ByteBufUtil.getBytes(value, 0, 4))));
        }
        case Capabilities.ROUTE_REFRESH, Capabilities.ROUTE_REFRESH_PRE_STANDARD ->
            into.routeRefresh(true);
        case Capabilities.GRACEFUL_RESTART -> {
          requireLength(code, length >= 2 && (length - 2) % 4 == 0, length);
          into.gracefulRestart(readGracefulRestart(value));
        }
        case Capabilities.FOUR_OCTET_AS -> {
          requireLength(code, length == 4, length);
          into.fourOctetAs(value.readUnsignedInt());
        }
        case ExtendedMessages.CAPABILITY_CODE -> {
          requireLength(code, length == 0, length);
          into.extendedMessages(true);
        }
        case Capabilities.ADD_PATH -> into.addPath(AddPath.read(value));
        case Capabilities.EXTENDED_NEXT_HOP -> {
          requireLength(code, length > 0 && length % ExtendedNextHop.SIZE == 0, length);
          while (value.isReadable()) {
            into.extendedNextHop(
                new ExtendedNextHop(
                    value.readUnsignedShort(),
                    value.readUnsignedShort(),
                    value.readUnsignedShort()));
          }
        }
        case Capabilities.LONG_LIVED_GRACEFUL_RESTART -> {
          requireLength(code, length % 7 == 0, length);
          into.longLivedGracefulRestart(readLongLivedGracefulRestart(value));
        }
        default -> into.unknown(new UnknownCapability(code, ByteBufUtil.getBytes(value)));
      }
    }
  }

  private static GracefulRestart readGracefulRestart(ByteBuf value) {
    int flagsAndTime = value.readUnsignedShort();
    Map<AddressFamily, Boolean> families = new LinkedHashMap<>();
    while (value.isReadable()) {
      int afi = value.readUnsignedShort();
      int safi = value.readUnsignedByte();
      boolean forwarding = (value.readUnsignedByte() & GRACEFUL_RESTART_F_BIT) != 0;
      // Families we do not speak cannot be restarted gracefully with us; skip them.
      AddressFamily.of(afi, safi).ifPresent(f -> families.put(f, forwarding));
    }
    return new GracefulRestart(
        (flagsAndTime & GRACEFUL_RESTART_R_BIT) != 0,
        flagsAndTime & GracefulRestart.MAX_RESTART_TIME,
        families,
        (flagsAndTime & GRACEFUL_RESTART_N_BIT) != 0);
  }

  /** RFC 9494 §3: per family AFI (2), SAFI (1), flags (1, the F bit first), stale time (3). */
  private static LongLivedGracefulRestart readLongLivedGracefulRestart(ByteBuf value) {
    Map<AddressFamily, LongLivedGracefulRestart.Family> families = new LinkedHashMap<>();
    while (value.isReadable()) {
      int afi = value.readUnsignedShort();
      int safi = value.readUnsignedByte();
      boolean forwarding = (value.readUnsignedByte() & GRACEFUL_RESTART_F_BIT) != 0;
      int staleTime = value.readUnsignedMedium();
      AddressFamily.of(afi, safi)
          .ifPresent(
              f -> families.put(f, new LongLivedGracefulRestart.Family(forwarding, staleTime)));
    }
    return new LongLivedGracefulRestart(families);
  }

  private static void requireLength(int code, boolean ok, int length) throws BgpProtocolException {
    if (!ok) {
      throw malformed("capability " + code + " has invalid length " + length);
    }
  }

  private static BgpProtocolException malformed(String reason) {
    return new BgpProtocolException(OPEN_MESSAGE_ERROR, UNSPECIFIC, reason);
  }

  /** Encoded size of all capabilities. */
  static int size(Capabilities c) {
    int size = c.multiprotocol().size() * 6;
    if (c.routeRefresh()) {
      size += 2;
    }
    if (c.gracefulRestart() != null) {
      size += 4 + c.gracefulRestart().forwardingPreserved().size() * 4;
    }
    if (c.fourOctetAs().isPresent()) {
      size += 6;
    }
    if (c.longLivedGracefulRestart() != null) {
      size += 2 + c.longLivedGracefulRestart().families().size() * 7;
    }
    for (UnknownCapability unknown : c.unknown()) {
      size += 2 + unknown.value().length;
    }
    if (c.extendedMessages()) {
      size += ExtendedMessages.ENCODED_LENGTH;
    }
    if (!c.addPath().isEmpty()) {
      size += 2 + c.addPath().valueSize();
    }
    if (!c.extendedNextHop().isEmpty()) {
      size += 2 + c.extendedNextHop().size() * ExtendedNextHop.SIZE;
    }
    return size;
  }

  static void write(ByteBuf out, Capabilities c) {
    for (AddressFamily family : c.multiprotocol()) {
      out.writeByte(Capabilities.MULTIPROTOCOL).writeByte(4);
      out.writeShort(family.afi()).writeByte(0).writeByte(family.safi());
    }
    if (c.routeRefresh()) {
      out.writeByte(Capabilities.ROUTE_REFRESH).writeByte(0);
    }
    GracefulRestart gr = c.gracefulRestart();
    if (gr != null) {
      out.writeByte(Capabilities.GRACEFUL_RESTART)
          .writeByte(2 + gr.forwardingPreserved().size() * 4);
      out.writeShort(
          (gr.restartState() ? GRACEFUL_RESTART_R_BIT : 0)
              | (gr.notification() ? GRACEFUL_RESTART_N_BIT : 0)
              | gr.restartTimeSeconds());
      gr.forwardingPreserved()
          .forEach(
              (family, forwarding) ->
                  out.writeShort(family.afi())
                      .writeByte(family.safi())
                      .writeByte(forwarding ? GRACEFUL_RESTART_F_BIT : 0));
    }
    if (c.fourOctetAs().isPresent()) {
      out.writeByte(Capabilities.FOUR_OCTET_AS).writeByte(4);
      out.writeInt((int) c.fourOctetAs().getAsLong());
    }
    LongLivedGracefulRestart llgr = c.longLivedGracefulRestart();
    if (llgr != null) {
      out.writeByte(Capabilities.LONG_LIVED_GRACEFUL_RESTART).writeByte(llgr.families().size() * 7);
      llgr.families()
          .forEach(
              (family, entry) ->
                  out.writeShort(family.afi())
                      .writeByte(family.safi())
                      .writeByte(entry.forwardingPreserved() ? GRACEFUL_RESTART_F_BIT : 0)
                      .writeMedium(entry.staleTimeSeconds()));
    }
    for (UnknownCapability unknown : c.unknown()) {
      byte[] value = unknown.value();
      out.writeByte(unknown.code()).writeByte(value.length).writeBytes(value);
    }
    if (c.extendedMessages()) {
      ExtendedMessages.write(out);
    }
    if (!c.addPath().isEmpty()) {
      out.writeByte(Capabilities.ADD_PATH).writeByte(c.addPath().valueSize());
      c.addPath().writeValue(out);
    }
    if (!c.extendedNextHop().isEmpty()) {
      out.writeByte(Capabilities.EXTENDED_NEXT_HOP)
          .writeByte(c.extendedNextHop().size() * ExtendedNextHop.SIZE);
      for (ExtendedNextHop tuple : c.extendedNextHop()) {
        out.writeShort(tuple.nlriAfi()).writeShort(tuple.nlriSafi()).writeShort(tuple.nextHopAfi());
      }
    }
  }
}
