package dev.tabby.api.v1;

/**
 * A peering's prefix limits, per address family: shaped as the tabby-bgp daemon's {@code
 * prefixLimit} ({@code ipv4}, {@code ipv6}). A family without one has no limit.
 */
public class MaxPrefixes {
  private PrefixLimitSettings ipv4;
  private PrefixLimitSettings ipv6;

  public PrefixLimitSettings getIpv4() {
    return ipv4;
  }

  public void setIpv4(PrefixLimitSettings ipv4) {
    this.ipv4 = ipv4;
  }

  public PrefixLimitSettings getIpv6() {
    return ipv6;
  }

  public void setIpv6(PrefixLimitSettings ipv6) {
    this.ipv6 = ipv6;
  }
}
