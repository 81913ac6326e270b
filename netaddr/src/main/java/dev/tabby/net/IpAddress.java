package dev.tabby.net;

import java.math.BigInteger;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An IPv4 or IPv6 address. Immutable, with value equality; ordered IPv4 first, then by address as
 * an unsigned number.
 *
 * <p>Held as two longs: the 128-bit IPv6 address is {@link #highBits()}:{@link #lowBits()}; an IPv4
 * address sits in the low 32 bits of {@link #lowBits()}.
 */
public final class IpAddress implements Comparable<IpAddress> {
  private static final long IPV4_BITS = 0xFFFF_FFFFL;
  private static final BigInteger LONG_BITS = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

  private final IpFamily family;
  private final long high;
  private final long low;

  private IpAddress(IpFamily family, long high, long low) {
    this.family = family;
    this.high = high;
    this.low = low;
  }

  /** The IPv4 address whose network-order bits are {@code address}. */
  public static IpAddress ipv4(int address) {
    return new IpAddress(IpFamily.V4, 0, address & IPV4_BITS);
  }

  /** The IPv6 address {@code high}:{@code low}. */
  public static IpAddress ipv6(long high, long low) {
    return new IpAddress(IpFamily.V6, high, low);
  }

  /**
   * From 4 or 16 network-order bytes.
   *
   * @throws IllegalArgumentException for any other length
   */
  public static IpAddress of(byte[] bytes) {
    if (bytes.length == 4) {
      return ipv4((int) Bits.bigEndian(bytes, 0, 4));
    }
    if (bytes.length == 16) {
      return ipv6(Bits.bigEndian(bytes, 0, 8), Bits.bigEndian(bytes, 8, 8));
    }
    throw new IllegalArgumentException("an IP address has 4 or 16 bytes, not " + bytes.length);
  }

  /** The same address; an {@link Inet6Address} stays IPv6, even an IPv4-mapped one. */
  public static IpAddress of(InetAddress address) {
    return of(address.getAddress());
  }

  /**
   * The address of the family whose unsigned value is {@code value}.
   *
   * @throws IllegalArgumentException when the value does not fit the family
   */
  public static IpAddress of(IpFamily family, BigInteger value) {
    if (value.signum() < 0 || value.bitLength() > family.bits()) {
      throw new IllegalArgumentException(value + " is not an " + family + " address");
    }
    return new IpAddress(family, value.shiftRight(64).longValue(), value.longValue());
  }

  /**
   * Parses a literal such as "192.0.2.1" or "2001:db8::1" (surrounding blanks ignored); never
   * resolves a host name. An IPv4-mapped literal ("::ffff:192.0.2.1") stays IPv6.
   *
   * @throws IllegalArgumentException naming the text when it is not an address
   */
  public static IpAddress parse(String text) {
    String s = text == null ? "" : text.strip();
    return s.indexOf(':') >= 0 ? parseIpv6(s, text) : ipv4(parseIpv4(s, text));
  }

  private static int parseIpv4(String s, String original) {
    String[] parts = s.split("\\.", -1);
    if (parts.length != 4) {
      throw invalid(original);
    }
    int address = 0;
    for (String part : parts) {
      if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Bits::isAsciiDigit)) {
        throw invalid(original);
      }
      int octet = Integer.parseInt(part);
      if (octet > 255) {
        throw invalid(original);
      }
      address = address << 8 | octet;
    }
    return address;
  }

  private static IpAddress parseIpv6(String s, String original) {
    // Only hex digits, colons and dots (an embedded IPv4 tail) reach InetAddress, which then
    // parses a literal and never looks anything up.
    if (!s.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.')) {
      throw invalid(original);
    }
    byte[] bytes;
    try {
      bytes = InetAddress.getByName(s).getAddress();
    } catch (UnknownHostException e) {
      throw invalid(original);
    }
    if (bytes.length == 4) {
      // Java turns "::ffff:10.0.0.1" into an IPv4 address; the text asked for IPv6.
      return ipv6(0, 0xFFFF_0000_0000L | Bits.bigEndian(bytes, 0, 4));
    }
    return of(bytes);
  }

  private static IllegalArgumentException invalid(String text) {
    return new IllegalArgumentException("'" + text + "' is not an IPv4 or IPv6 address");
  }

  public IpFamily family() {
    return family;
  }

  public boolean isIpv4() {
    return family == IpFamily.V4;
  }

  public boolean isIpv6() {
    return family == IpFamily.V6;
  }

  /** Bit length: 32 or 128. */
  public int bits() {
    return family.bits();
  }

  /** High 64 bits of an IPv6 address; 0 for IPv4. */
  public long highBits() {
    return high;
  }

  /** Low 64 bits of an IPv6 address, or the IPv4 address in the low 32 bits. */
  public long lowBits() {
    return low;
  }

  /** The IPv4 address as a network-order int (only meaningful for IPv4). */
  public int ipv4Bits() {
    return (int) low;
  }

  /** The address as 4 or 16 network-order bytes (a fresh array). */
  public byte[] toBytes() {
    byte[] bytes = new byte[family.bytes()];
    if (isIpv4()) {
      Bits.putBigEndian(bytes, 0, low, 4);
    } else {
      Bits.putBigEndian(bytes, 0, high, 8);
      Bits.putBigEndian(bytes, 8, low, 8);
    }
    return bytes;
  }

  /** The same address as Java's type; IPv6 stays IPv6, even an IPv4-mapped address. */
  public InetAddress toInetAddress() {
    try {
      return isIpv4()
          ? InetAddress.getByAddress(toBytes())
          : Inet6Address.getByAddress(null, toBytes(), -1);
    } catch (UnknownHostException e) {
      throw new AssertionError("4 or 16 bytes are always an address", e);
    }
  }

  /** The address as an unsigned number, for arithmetic across the 64-bit boundary. */
  public BigInteger toBigInteger() {
    BigInteger lowValue = BigInteger.valueOf(low).and(LONG_BITS);
    return high == 0
        ? lowValue
        : BigInteger.valueOf(high).and(LONG_BITS).shiftLeft(64).or(lowValue);
  }

  /**
   * The address {@code offset} further on.
   *
   * @throws IllegalArgumentException when that passes the family's last address
   */
  public IpAddress plus(BigInteger offset) {
    return of(family, toBigInteger().add(offset));
  }

  @Override
  public int compareTo(IpAddress other) {
    int result = family.compareTo(other.family);
    if (result == 0) {
      result = Long.compareUnsigned(high, other.high);
    }
    return result != 0 ? result : Long.compareUnsigned(low, other.low);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IpAddress a && a.family == family && a.high == high && a.low == low;
  }

  /**
   * Mixes the address bits: routes come in runs of neighbouring networks (10.0.0.0/26,
   * 10.0.0.64/26, ...) whose plain polynomial hashes crowd into few hash-table buckets.
   */
  @Override
  public int hashCode() {
    return Bits.mix(high, low, family.ordinal());
  }

  /** Dotted quad, or RFC 5952 text for IPv6 (lower case, the longest zero run compressed). */
  @Override
  public String toString() {
    return isIpv4() ? Bits.ipv4Text((int) low) : Bits.ipv6Text(high, low);
  }
}
