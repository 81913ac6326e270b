package dev.tabby.bgp.wire;

import dev.tabby.net.IpPrefix;

/**
 * An IPv4 prefix packed into a primitive long that sorts like the prefix (address, then length):
 * the form the RIB keys its IPv4 tables by and a decoded UPDATE carries its IPv4 NLRI in, so the
 * bulk of a routing table holds no prefix object. An {@link IpPrefix} is made from one only at the
 * RIB's boundary (listeners, queries, the wire's prefix lists).
 */
public final class PackedIpv4 {
  private static final long IPV4_BITS = 0xFFFF_FFFFL;

  private PackedIpv4() {}

  /** Packs the IPv4 prefix of this length containing the address (a network-order int). */
  public static long pack(int address, int length) {
    if (length < 0 || length > 32) {
      throw new IllegalArgumentException(
          "prefix length " + length + " is out of range 0..32 for IPv4");
    }
    long mask = length == 0 ? 0 : IPV4_BITS << 32 - length & IPV4_BITS;
    return (address & IPV4_BITS & mask) << 8 | length;
  }

  /**
   * Packs an IPv4 prefix.
   *
   * @throws IllegalArgumentException for an IPv6 prefix
   */
  public static long of(IpPrefix prefix) {
    if (!prefix.isIpv4()) {
      throw new IllegalArgumentException("not an IPv4 prefix: " + prefix);
    }
    return prefix.lowBits() << 8 | prefix.length();
  }

  /** The address (a network-order int) of a packed prefix. */
  public static int address(long packed) {
    return (int) (packed >>> 8);
  }

  /** The length of a packed prefix. */
  public static int length(long packed) {
    return (int) (packed & 0xFF);
  }

  /** The packed prefix as a value. */
  public static IpPrefix toPrefix(long packed) {
    return IpPrefix.ipv4(address(packed), length(packed));
  }
}
