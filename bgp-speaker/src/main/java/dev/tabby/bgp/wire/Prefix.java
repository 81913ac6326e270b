package dev.tabby.bgp.wire;

import com.google.common.net.InetAddresses;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * An IPv4 or IPv6 prefix: an address with every bit past {@link #length()} zero.
 *
 * <p>Immutable with value equality. Kept to two longs and a short because a route reflector holds a
 * million of them: the 128-bit address is {@link #upperBits()}:{@link #lowerBits()}, an IPv4
 * address sits in the low 32 bits of {@link #lowerBits()}. The RIB can key IPv4 prefixes by a
 * primitive long with {@link #packIpv4(int, int)}.
 *
 * <p>Ordering: IPv4 before IPv6, then by address (unsigned), then shorter before longer.
 */
public final class Prefix implements Comparable<Prefix> {
  private static final long IPV4_BITS = 0xFFFF_FFFFL;

  private final long upper;
  private final long lower;
  private final short length;
  private final boolean ipv6;

  private Prefix(boolean ipv6, long upper, long lower, int length) {
    this.ipv6 = ipv6;
    this.upper = upper;
    this.lower = lower;
    this.length = (short) length;
  }

  /**
   * Parses "10.0.0.0/24" or "2001:db8::/32".
   *
   * @throws IllegalArgumentException when the text is not a prefix or has host bits set
   */
  public static Prefix parse(String text) {
    int slash = text.indexOf('/');
    if (slash < 0) {
      throw new IllegalArgumentException("not a prefix (address/length expected): " + text);
    }
    String addressText = text.substring(0, slash);
    byte[] bytes;
    int length;
    try {
      bytes = InetAddresses.forString(addressText).getAddress();
      length = Integer.parseInt(text.substring(slash + 1));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a prefix (address/length expected): " + text, e);
    }
    if (bytes.length == 4 && addressText.indexOf(':') >= 0) {
      // Java turns "::ffff:10.0.0.0" into an IPv4 address; the text asked for IPv6.
      byte[] mapped = new byte[16];
      mapped[10] = (byte) 0xFF;
      mapped[11] = (byte) 0xFF;
      System.arraycopy(bytes, 0, mapped, 12, 4);
      bytes = mapped;
    }
    AddressFamily family =
        bytes.length == 4 ? AddressFamily.IPV4_UNICAST : AddressFamily.IPV6_UNICAST;
    Prefix prefix = fromBytes(family, bytes, length);
    if (!Arrays.equals(prefix.addressBytes(), bytes)) {
      throw new IllegalArgumentException(
          "prefix " + text + " has host bits set; did you mean " + prefix + "?");
    }
    return prefix;
  }

  /**
   * The prefix of this length that contains the address (host bits are cleared).
   *
   * @throws IllegalArgumentException when the length does not fit the address family
   */
  public static Prefix of(InetAddress address, int length) {
    byte[] bytes = address.getAddress();
    return fromBytes(
        bytes.length == 4 ? AddressFamily.IPV4_UNICAST : AddressFamily.IPV6_UNICAST, bytes, length);
  }

  /** The IPv4 prefix of this length containing the address (an int in network order). */
  public static Prefix ipv4(int address, int length) {
    checkLength(length, 32);
    return new Prefix(false, 0, (address & IPV4_BITS) & ipv4Mask(length), length);
  }

  /** The IPv6 prefix of this length containing the 128-bit address upper:lower. */
  public static Prefix ipv6(long upper, long lower, int length) {
    checkLength(length, 128);
    return new Prefix(true, upper & upperMask(length), lower & lowerMask(length), length);
  }

  /**
   * The prefix of this family and length whose leading address bytes are {@code bytes}; missing
   * trailing bytes are zero, host bits are cleared. This is what a wire NLRI carries.
   */
  public static Prefix fromBytes(AddressFamily family, byte[] bytes, int length) {
    if (family == AddressFamily.IPV4_UNICAST) {
      checkLength(length, 32);
      return ipv4((int) bigEndian(bytes, 0, 4), length);
    }
    checkLength(length, 128);
    return ipv6(bigEndian(bytes, 0, 8), bigEndian(bytes, 8, 8), length);
  }

  /** Packs an IPv4 prefix into a long that sorts like the prefix: address, then length. */
  public static long packIpv4(int address, int length) {
    checkLength(length, 32);
    return (((address & IPV4_BITS) & ipv4Mask(length)) << 8) | length;
  }

  /** The address (network order int) of a prefix packed by {@link #packIpv4(int, int)}. */
  public static int unpackIpv4Address(long packed) {
    return (int) (packed >>> 8);
  }

  /** The length of a prefix packed by {@link #packIpv4(int, int)}. */
  public static int unpackIpv4Length(long packed) {
    return (int) (packed & 0xFF);
  }

  /** The prefix packed by {@link #packIpv4(int, int)}. */
  public static Prefix ofPackedIpv4(long packed) {
    return ipv4(unpackIpv4Address(packed), unpackIpv4Length(packed));
  }

  /**
   * This IPv4 prefix packed into a long ({@link #packIpv4(int, int)}).
   *
   * @throws IllegalStateException for an IPv6 prefix
   */
  public long packedIpv4() {
    if (ipv6) {
      throw new IllegalStateException("not an IPv4 prefix: " + this);
    }
    return (lower << 8) | length;
  }

  public AddressFamily family() {
    return ipv6 ? AddressFamily.IPV6_UNICAST : AddressFamily.IPV4_UNICAST;
  }

  public boolean isIpv6() {
    return ipv6;
  }

  public int length() {
    return length;
  }

  /** High 64 bits of an IPv6 address; 0 for IPv4. */
  public long upperBits() {
    return upper;
  }

  /** Low 64 bits of an IPv6 address, or the IPv4 address in the low 32 bits. */
  public long lowerBits() {
    return lower;
  }

  /** The IPv4 address as a network-order int (only meaningful for IPv4). */
  public int ipv4Address() {
    return (int) lower;
  }

  public InetAddress address() {
    try {
      // Inet6Address.getByAddress keeps IPv4-mapped IPv6 addresses IPv6.
      return ipv6
          ? Inet6Address.getByAddress(null, addressBytes(), -1)
          : InetAddress.getByAddress(addressBytes());
    } catch (UnknownHostException e) {
      throw new AssertionError("4 or 16 bytes are always an address", e);
    }
  }

  /** The address as 4 or 16 bytes in network order (a fresh array). */
  public byte[] addressBytes() {
    byte[] bytes = new byte[ipv6 ? 16 : 4];
    if (ipv6) {
      putBigEndian(bytes, 0, upper, 8);
      putBigEndian(bytes, 8, lower, 8);
    } else {
      putBigEndian(bytes, 0, lower, 4);
    }
    return bytes;
  }

  /** Whether {@code other} is this prefix or a more specific one inside it (same family only). */
  public boolean contains(Prefix other) {
    if (other.ipv6 != ipv6 || other.length < length) {
      return false;
    }
    if (ipv6) {
      return (other.upper & upperMask(length)) == upper
          && (other.lower & lowerMask(length)) == lower;
    }
    return (other.lower & ipv4Mask(length)) == lower;
  }

  /** Whether the address is inside this prefix. */
  public boolean contains(InetAddress address) {
    return contains(of(address, address instanceof Inet4Address ? 32 : 128));
  }

  @Override
  public int compareTo(Prefix other) {
    int result = Boolean.compare(ipv6, other.ipv6);
    if (result == 0) {
      result = Long.compareUnsigned(upper, other.upper);
    }
    if (result == 0) {
      result = Long.compareUnsigned(lower, other.lower);
    }
    return result != 0 ? result : Integer.compare(length, other.length);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Prefix p
        && p.ipv6 == ipv6
        && p.length == length
        && p.upper == upper
        && p.lower == lower;
  }

  @Override
  public int hashCode() {
    // No Objects.hash: a RIB hashes millions of prefixes and boxing would dominate.
    int hash = Long.hashCode(upper) * 31 + Long.hashCode(lower);
    hash = hash * 31 + length;
    return ipv6 ? hash * 31 + 1 : hash;
  }

  /** The {@link #parse(String)} form, e.g. "10.0.0.0/24", "2001:db8::/32". */
  @Override
  public String toString() {
    return InetAddresses.toAddrString(address()) + "/" + length;
  }

  private static void checkLength(int length, int max) {
    if (length < 0 || length > max) {
      throw new IllegalArgumentException(
          "prefix length " + length + " out of range 0.." + max + " for its address family");
    }
  }

  private static long ipv4Mask(int length) {
    return length == 0 ? 0 : (IPV4_BITS << (32 - length)) & IPV4_BITS;
  }

  private static long upperMask(int length) {
    return length == 0 ? 0 : length >= 64 ? -1L : -1L << (64 - length);
  }

  private static long lowerMask(int length) {
    return length <= 64 ? 0 : -1L << (128 - length);
  }

  /** Reads {@code count} bytes big-endian from {@code offset}; bytes past the array read as 0. */
  private static long bigEndian(byte[] bytes, int offset, int count) {
    long value = 0;
    for (int i = 0; i < count; i++) {
      int index = offset + i;
      value = (value << 8) | (index < bytes.length ? bytes[index] & 0xFF : 0);
    }
    return value;
  }

  private static void putBigEndian(byte[] bytes, int offset, long value, int count) {
    for (int i = count - 1; i >= 0; i--) {
      bytes[offset + i] = (byte) value;
      value >>>= 8;
    }
  }
}
