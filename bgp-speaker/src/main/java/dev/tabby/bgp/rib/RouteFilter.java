package dev.tabby.bgp.rib;

import dev.tabby.net.IpPrefix;
import java.net.InetAddress;

/**
 * Which best paths a listing of the Loc-RIB shows, as a router's {@code show route} filters them.
 * Every part is optional: null (or false) matches every path.
 *
 * @param match how {@code prefix} selects prefixes; null when {@code prefix} is
 * @param prefix the prefix (or, for {@link PrefixMatch#LONGEST}, the address as a host prefix)
 * @param peer only paths learned from this peer
 * @param originated only paths this speaker originates
 * @param community only paths tagged with this community
 */
public record RouteFilter(
    PrefixMatch match, IpPrefix prefix, InetAddress peer, boolean originated, Integer community) {

  /** Every best path. */
  public static final RouteFilter ALL = new RouteFilter(null, null, null, false, null);

  /** How a filter's prefix selects the prefixes listed. */
  public enum PrefixMatch {
    /** That prefix only (BIRD's {@code show route P}). */
    EXACT,
    /** The longest prefix that contains it (BIRD's {@code show route for A}). */
    LONGEST,
    /** It and every prefix inside it (BIRD's {@code show route in P}, FRR's longer-prefixes). */
    MORE_SPECIFIC
  }

  public RouteFilter {
    if ((match == null) != (prefix == null)) {
      throw new IllegalArgumentException("a prefix match needs both the kind and the prefix");
    }
    if (peer != null && originated) {
      throw new IllegalArgumentException("a path is either learned from a peer or originated");
    }
  }

  /** Whether the best path to {@code listed} passes every part of the filter. */
  boolean matches(IpPrefix listed, Path best) {
    if (match == PrefixMatch.MORE_SPECIFIC && !prefix.contains(listed)) {
      return false;
    }
    if (peer != null && (best.source() == null || !peer.equals(best.source().address()))) {
      return false;
    }
    if (originated && !best.locallyOriginated()) {
      return false;
    }
    return community == null || best.attributes().communities().contains(community);
  }
}
