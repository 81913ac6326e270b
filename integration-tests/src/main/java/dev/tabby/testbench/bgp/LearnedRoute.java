package dev.tabby.testbench.bgp;

import java.util.List;

/**
 * One path a daemon learned from a peer, normalised across daemons.
 *
 * @param prefix canonical prefix as the daemon prints it ({@code 10.1.0.0/24}, {@code fd00:1::/48})
 * @param peer the neighbour address it came from
 * @param nextHops next-hop addresses (one, or several for IPv6 global plus link-local)
 * @param asPath the AS path, nearest AS first; empty for a route from an iBGP peer's own AS
 * @param communities standard communities as {@code "65000:1"}
 * @param localPref LOCAL_PREF, or null when the route carries none
 * @param med MULTI_EXIT_DISC, or null when the route carries none
 * @param best whether the daemon chose this path as its best for the prefix
 */
public record LearnedRoute(
    String prefix,
    String peer,
    List<String> nextHops,
    List<Long> asPath,
    List<String> communities,
    Long localPref,
    Long med,
    boolean best) {

  public LearnedRoute {
    nextHops = List.copyOf(nextHops);
    asPath = List.copyOf(asPath);
    communities = List.copyOf(communities);
  }

  /**
   * Compact, for "last seen" messages: {@code *10.1.0.0/24 via [10.0.0.1] from 10.0.0.1 [65001]}.
   */
  @Override
  public String toString() {
    return (best ? "*" : "")
        + prefix
        + " via "
        + nextHops
        + " from "
        + peer
        + " as-path "
        + asPath
        + (communities.isEmpty() ? "" : " communities " + communities)
        + (localPref == null ? "" : " local-pref " + localPref)
        + (med == null ? "" : " med " + med);
  }
}
