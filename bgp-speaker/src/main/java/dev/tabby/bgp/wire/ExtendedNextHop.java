package dev.tabby.bgp.wire;

/**
 * One tuple of the extended next hop capability (RFC 8950 §3, code 5): prefixes of the NLRI's
 * AFI/SAFI may be announced with a next hop of another address family. The capability's value is a
 * list of these, 6 bytes each.
 *
 * @param nlriAfi the AFI of the prefixes, 0..65535
 * @param nlriSafi the SAFI of the prefixes, 0..65535 (2 bytes here, unlike elsewhere)
 * @param nextHopAfi the AFI of their next hop, 0..65535
 */
public record ExtendedNextHop(int nlriAfi, int nlriSafi, int nextHopAfi) {
  /** IPv4 unicast prefixes with an IPv6 next hop: the one tuple this speaker acts on. */
  public static final ExtendedNextHop IPV4_UNICAST_OVER_IPV6 =
      new ExtendedNextHop(AddressFamily.AFI_IPV4, 1, AddressFamily.AFI_IPV6);

  /** Bytes of one tuple on the wire. */
  static final int SIZE = 6;

  public ExtendedNextHop {
    if ((nlriAfi | nlriSafi | nextHopAfi) >>> 16 != 0) {
      throw new IllegalArgumentException(
          "AFI, SAFI and next hop AFI must be 0..65535: "
              + nlriAfi
              + "/"
              + nlriSafi
              + "/"
              + nextHopAfi);
    }
  }

  /**
   * Whether both OPENs carry {@link #IPV4_UNICAST_OVER_IPV6}, so each side may send IPv4 unicast
   * prefixes with an IPv6 next hop (RFC 8950 §3: only to a peer that advertised the tuple).
   */
  public static boolean ipv4OverIpv6Negotiated(Capabilities ours, Capabilities theirs) {
    return ours.extendedNextHop().contains(IPV4_UNICAST_OVER_IPV6)
        && theirs.extendedNextHop().contains(IPV4_UNICAST_OVER_IPV6);
  }

  @Override
  public String toString() {
    return nlriAfi + "/" + nlriSafi + " via AFI " + nextHopAfi;
  }
}
