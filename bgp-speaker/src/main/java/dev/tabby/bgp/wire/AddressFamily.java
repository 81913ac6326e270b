package dev.tabby.bgp.wire;

import dev.tabby.net.IpFamily;
import dev.tabby.net.IpPrefix;
import java.util.Optional;

/** The address families (AFI/SAFI pairs, RFC 4760) this speaker understands. */
public enum AddressFamily {
  IPV4_UNICAST(1, 1),
  IPV6_UNICAST(2, 1);

  /** AFI of IPv4 (IANA address family numbers). */
  public static final int AFI_IPV4 = 1;

  /** AFI of IPv6. */
  public static final int AFI_IPV6 = 2;

  private final int afi;
  private final int safi;

  AddressFamily(int afi, int safi) {
    this.afi = afi;
    this.safi = safi;
  }

  public int afi() {
    return afi;
  }

  public int safi() {
    return safi;
  }

  /** Length in bytes of an address of this family. */
  public int addressBytes() {
    return afi == AFI_IPV4 ? 4 : 16;
  }

  /** Longest prefix length of this family: 32 or 128. */
  public int maxLength() {
    return addressBytes() * 8;
  }

  /** The unicast family of the prefix. */
  public static AddressFamily of(IpPrefix prefix) {
    return prefix.isIpv4() ? IPV4_UNICAST : IPV6_UNICAST;
  }

  /** The addresses this family carries. */
  public IpFamily ipFamily() {
    return this == IPV4_UNICAST ? IpFamily.V4 : IpFamily.V6;
  }

  /** The family with this AFI/SAFI, or empty when this speaker does not know it. */
  public static Optional<AddressFamily> of(int afi, int safi) {
    for (AddressFamily family : values()) {
      if (family.afi == afi && family.safi == safi) {
        return Optional.of(family);
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return this == IPV4_UNICAST ? "ipv4-unicast" : "ipv6-unicast";
  }
}
