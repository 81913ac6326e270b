package dev.tabby.bgp.wire;

import com.google.common.primitives.ImmutableIntArray;
import dev.tabby.net.IpPrefix;
import io.netty.buffer.ByteBuf;
import java.util.List;

/** Prefixes as NLRI (RFC 4271 §4.3): a length in bits, then just enough address bytes. */
final class NlriCodec {
  /** Size of an ADD-PATH path identifier (RFC 7911 §3). */
  static final int PATH_ID_BYTES = 4;

  private NlriCodec() {}

  /** Encoded size of a prefix. */
  static int size(IpPrefix prefix) {
    return 1 + (prefix.length() + 7) / 8;
  }

  /** Encoded size of a packed IPv4 prefix ({@link IpPrefix#packIpv4(int, int)}). */
  static int sizeIpv4(long packed) {
    return 1 + (PackedIpv4.length(packed) + 7) / 8;
  }

  static void write(ByteBuf out, IpPrefix prefix) {
    int length = prefix.length();
    out.writeByte(length);
    int bytes = (length + 7) / 8;
    if (prefix.isIpv6()) {
      writeLeading(out, prefix.highBits(), Math.min(bytes, 8));
      writeLeading(out, prefix.lowBits(), bytes - 8);
    } else {
      writeLeading(out, prefix.lowBits() << 32, bytes);
    }
  }

  /** Writes the path identifier (RFC 7911 §3), then the prefix. */
  static void write(ByteBuf out, int pathId, IpPrefix prefix) {
    out.writeInt(pathId);
    write(out, prefix);
  }

  static void writeIpv4(ByteBuf out, long packed) {
    int length = PackedIpv4.length(packed);
    out.writeByte(length);
    writeLeading(out, (long) PackedIpv4.address(packed) << 32, (length + 7) / 8);
  }

  /** Writes the {@code count} most significant bytes of {@code bits} (nothing when count ≤ 0). */
  private static void writeLeading(ByteBuf out, long bits, int count) {
    for (int i = 0; i < count; i++) {
      out.writeByte((int) (bits >>> (56 - 8 * i)));
    }
  }

  /**
   * Reads prefixes of the family from all readable bytes of {@code in} into {@code into}. Host bits
   * past the prefix length are ignored, as RFC 4271 asks.
   *
   * @return null on success, else what is wrong (the caller decides which error that is)
   */
  static String read(ByteBuf in, AddressFamily family, List<IpPrefix> into) {
    return read(in, family, into, null);
  }

  /**
   * As {@link #read(ByteBuf, AddressFamily, List)}, where each prefix follows its 4-byte ADD-PATH
   * path identifier (RFC 7911 §3) when {@code pathIds} is not null: they are added to it, one per
   * prefix of {@code into}.
   */
  static String read(
      ByteBuf in, AddressFamily family, List<IpPrefix> into, ImmutableIntArray.Builder pathIds) {
    String error = check(in, family, pathIds != null);
    if (error != null) {
      return error;
    }
    while (in.isReadable()) {
      if (pathIds != null) {
        pathIds.add(in.readInt());
      }
      int length = in.readUnsignedByte();
      int bytes = (length + 7) / 8;
      long upper = readLeading(in, Math.min(bytes, 8));
      if (family == AddressFamily.IPV4_UNICAST) {
        into.add(IpPrefix.ipv4((int) (upper >>> 32), length));
      } else {
        long lower = readLeading(in, bytes - 8);
        into.add(IpPrefix.ipv6(upper, lower, length));
      }
    }
    return null;
  }

  /**
   * Reads IPv4 prefixes from all readable bytes of {@code in}, which {@link #check} has accepted,
   * into a list that keeps them packed in longs ({@link Ipv4Prefixes}).
   */
  static List<IpPrefix> readIpv4(ByteBuf in) {
    long[] packed = new long[count(in)];
    for (int i = 0; i < packed.length; i++) {
      int length = in.readUnsignedByte();
      int address = (int) (readLeading(in, (length + 7) / 8) >>> 32);
      packed[i] = PackedIpv4.pack(address, length);
    }
    return new Ipv4Prefixes(packed);
  }

  /**
   * Whether the readable bytes of {@code in} are whole prefixes of the family, leaving them unread.
   *
   * @return null when they are, else what is wrong (the caller decides which error that is)
   */
  static String check(ByteBuf in, AddressFamily family) {
    return check(in, family, false);
  }

  /** As {@link #check(ByteBuf, AddressFamily)}, each prefix after a path identifier if asked. */
  static String check(ByteBuf in, AddressFamily family, boolean withPathIds) {
    int max = family.maxLength();
    for (int index = in.readerIndex(); index < in.writerIndex(); ) {
      if (withPathIds) {
        int left = in.writerIndex() - index;
        if (left < PATH_ID_BYTES + 1) {
          return "path identifier and prefix length need 5 bytes, " + left + " left";
        }
        index += PATH_ID_BYTES;
      }
      int length = in.getUnsignedByte(index++);
      if (length > max) {
        return "prefix length " + length + " exceeds " + max + " for " + family;
      }
      int bytes = (length + 7) / 8;
      int left = in.writerIndex() - index;
      if (bytes > left) {
        return "prefix of length " + length + " needs " + bytes + " bytes, " + left + " left";
      }
      index += bytes;
    }
    return null;
  }

  /** How many prefixes the readable bytes of {@code in}, accepted by {@link #check}, hold. */
  private static int count(ByteBuf in) {
    int count = 0;
    for (int index = in.readerIndex(); index < in.writerIndex(); count++) {
      index += 1 + (in.getUnsignedByte(index) + 7) / 8;
    }
    return count;
  }

  /** Reads {@code count} bytes into the most significant end of a long (0 when count ≤ 0). */
  private static long readLeading(ByteBuf in, int count) {
    long bits = 0;
    for (int i = 0; i < count; i++) {
      bits |= (long) in.readUnsignedByte() << (56 - 8 * i);
    }
    return bits;
  }
}
