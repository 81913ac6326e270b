package dev.tabby.net;

import java.math.BigInteger;

/**
 * An IPv4 or IPv6 prefix (a network): an address whose bits past {@link #length()} are zero, and
 * that length. Immutable, with value equality; ordered IPv4 first, then by address (unsigned), then
 * shorter before longer.
 *
 * <p>Host bits: {@link #parse} and {@link #of} refuse them, because "10.0.0.1/24" for a pool, a
 * block or a route is almost always a typo that masking would hide; {@link #parseAndMask} and
 * {@link #containing} clear them, for callers that mean "the network around this address".
 *
 * <p>Kept to two longs, a short and a family (no address object) because a routing table holds
 * many: the address is {@link #highBits()}:{@link #lowBits()}, as in {@link IpAddress}.
 */
public final class IpPrefix implements Comparable<IpPrefix> {
  private static final long IPV4_BITS = 0xFFFF_FFFFL;

  private final IpFamily family;
  private final long high;
  private final long low;
  private final short length;

  private IpPrefix(IpFamily family, long high, long low, int length) {
    this.family = family;
    this.high = high;
    this.low = low;
    this.length = (short) length;
  }

  /**
   * Parses "10.0.0.0/24" or "2001:db8::/32" (surrounding blanks ignored).
   *
   * @throws IllegalArgumentException naming the text when it is not a prefix, and suggesting the
   *     network when it has host bits set
   */
  public static IpPrefix parse(String text) {
    IpPrefix masked = parseAndMask(text);
    if (!masked.address().equals(IpAddress.parse(addressPart(text)))) {
      throw new IllegalArgumentException(
          "prefix " + text.strip() + " has host bits set: did you mean " + masked + "?");
    }
    return masked;
  }

  /**
   * Parses "address/length" and clears any host bits ("10.0.0.1/24" is 10.0.0.0/24).
   *
   * @throws IllegalArgumentException naming the text when it is not a prefix
   */
  public static IpPrefix parseAndMask(String text) {
    String s = text == null ? "" : text.strip();
    int slash = s.indexOf('/');
    if (slash < 0) {
      throw new IllegalArgumentException("'" + text + "' is not a prefix (address/length)");
    }
    IpAddress address = IpAddress.parse(s.substring(0, slash));
    String length = s.substring(slash + 1);
    if (length.isEmpty() || length.length() > 3 || !length.chars().allMatch(Bits::isAsciiDigit)) {
      throw new IllegalArgumentException("'" + text + "' has no valid prefix length");
    }
    return containing(address, Integer.parseInt(length));
  }

  private static String addressPart(String text) {
    String s = text.strip();
    return s.substring(0, s.indexOf('/'));
  }

  /**
   * The prefix {@code address/length}.
   *
   * @throws IllegalArgumentException when the length does not fit the family or the address has
   *     host bits set
   */
  public static IpPrefix of(IpAddress address, int length) {
    IpPrefix prefix = containing(address, length);
    if (prefix.high != address.highBits() || prefix.low != address.lowBits()) {
      throw new IllegalArgumentException(
          address + "/" + length + " has host bits set: did you mean " + prefix + "?");
    }
    return prefix;
  }

  /**
   * The prefix of this length that contains the address (host bits cleared).
   *
   * @throws IllegalArgumentException when the length does not fit the family
   */
  public static IpPrefix containing(IpAddress address, int length) {
    return address.isIpv4()
        ? ipv4(address.ipv4Bits(), length)
        : ipv6(address.highBits(), address.lowBits(), length);
  }

  /** The prefix of the one address: a /32 or a /128. */
  public static IpPrefix host(IpAddress address) {
    return containing(address, address.bits());
  }

  /**
   * The IPv4 prefix of this length containing the address (network-order int), host bits cleared.
   */
  public static IpPrefix ipv4(int address, int length) {
    checkLength(IpFamily.V4, length);
    return new IpPrefix(IpFamily.V4, 0, address & IPV4_BITS & ipv4Mask(length), length);
  }

  /** The IPv6 prefix of this length containing high:low, host bits cleared. */
  public static IpPrefix ipv6(long high, long low, int length) {
    checkLength(IpFamily.V6, length);
    return new IpPrefix(IpFamily.V6, high & highMask(length), low & lowMask(length), length);
  }

  /**
   * The prefix of this family and length whose leading address bytes are {@code bytes}; missing
   * trailing bytes are zero, host bits are cleared. This is what a BGP NLRI or a netlink
   * destination carries.
   */
  public static IpPrefix fromLeadingBytes(IpFamily family, byte[] bytes, int length) {
    return family == IpFamily.V4
        ? ipv4((int) Bits.bigEndian(bytes, 0, 4), length)
        : ipv6(Bits.bigEndian(bytes, 0, 8), Bits.bigEndian(bytes, 8, 8), length);
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

  public int length() {
    return length;
  }

  /** The network address (the first). */
  public IpAddress address() {
    return isIpv4() ? IpAddress.ipv4((int) low) : IpAddress.ipv6(high, low);
  }

  /** High 64 bits of an IPv6 network address; 0 for IPv4. */
  public long highBits() {
    return high;
  }

  /** Low 64 bits of an IPv6 network address, or the IPv4 one in the low 32 bits. */
  public long lowBits() {
    return low;
  }

  /** The IPv4 network address as a network-order int (only meaningful for IPv4). */
  public int ipv4Bits() {
    return (int) low;
  }

  /** The network address as 4 or 16 network-order bytes (a fresh array). */
  public byte[] addressBytes() {
    return address().toBytes();
  }

  /** Whether {@code other} is this prefix or a more specific one inside it (same family only). */
  public boolean contains(IpPrefix other) {
    if (other.family != family || other.length < length) {
      return false;
    }
    if (isIpv6()) {
      return (other.high & highMask(length)) == high && (other.low & lowMask(length)) == low;
    }
    return (other.low & ipv4Mask(length)) == low;
  }

  /** Whether the address is inside this prefix. */
  public boolean contains(IpAddress address) {
    return contains(host(address));
  }

  /** Whether the two share any address: one contains the other. */
  public boolean overlaps(IpPrefix other) {
    return contains(other) || other.contains(this);
  }

  /** How many addresses the prefix holds. */
  public BigInteger size() {
    return BigInteger.ONE.shiftLeft(family.bits() - length);
  }

  /** The last address inside the prefix. */
  public IpAddress last() {
    return address().plus(size().subtract(BigInteger.ONE));
  }

  /**
   * The address at {@code ordinal} from the start of the prefix.
   *
   * @throws IllegalArgumentException when that is outside the prefix
   */
  public IpAddress addressAt(long ordinal) {
    if (ordinal < 0 || BigInteger.valueOf(ordinal).compareTo(size()) >= 0) {
      throw new IllegalArgumentException("ordinal " + ordinal + " is outside " + this);
    }
    return address().plus(BigInteger.valueOf(ordinal));
  }

  /**
   * The offset of {@code address} from the start of the prefix.
   *
   * @throws IllegalArgumentException when the address is outside the prefix
   */
  public long ordinalOf(IpAddress address) {
    if (!contains(address)) {
      throw new IllegalArgumentException(address + " is outside " + this);
    }
    return address.toBigInteger().subtract(address().toBigInteger()).longValueExact();
  }

  /** How many prefixes of {@code length} this prefix splits into. */
  public BigInteger subnetCount(int length) {
    checkSubnetLength(length);
    return BigInteger.ONE.shiftLeft(length - this.length);
  }

  /** The {@code index}th prefix of {@code length} inside this prefix. */
  public IpPrefix subnet(int length, BigInteger index) {
    checkSubnetLength(length);
    if (index.signum() < 0 || index.compareTo(subnetCount(length)) >= 0) {
      throw new IllegalArgumentException(
          "subnet " + index + " of /" + length + " is outside " + this);
    }
    return of(address().plus(index.shiftLeft(family.bits() - length)), length);
  }

  private void checkSubnetLength(int length) {
    if (length < this.length || length > family.bits()) {
      throw new IllegalArgumentException("/" + length + " does not split " + this);
    }
  }

  @Override
  public int compareTo(IpPrefix other) {
    int result = family.compareTo(other.family);
    if (result == 0) {
      result = Long.compareUnsigned(high, other.high);
    }
    if (result == 0) {
      result = Long.compareUnsigned(low, other.low);
    }
    return result != 0 ? result : Integer.compare(length, other.length);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IpPrefix p
        && p.family == family
        && p.length == length
        && p.high == high
        && p.low == low;
  }

  @Override
  public int hashCode() {
    return Bits.mix(high, low, length << 1 | family.ordinal());
  }

  /** The {@link #parse} form, e.g. "10.0.0.0/24", "2001:db8::/32". */
  @Override
  public String toString() {
    return address() + "/" + length;
  }

  private static void checkLength(IpFamily family, int length) {
    if (length < 0 || length > family.bits()) {
      throw new IllegalArgumentException(
          "prefix length " + length + " is out of range 0.." + family.bits() + " for " + family);
    }
  }

  private static long ipv4Mask(int length) {
    return length == 0 ? 0 : IPV4_BITS << 32 - length & IPV4_BITS;
  }

  private static long highMask(int length) {
    return length == 0 ? 0 : length >= 64 ? -1L : -1L << 64 - length;
  }

  private static long lowMask(int length) {
    return length <= 64 ? 0 : -1L << 128 - length;
  }
}
