package dev.tabby.bgp.rib;

import dev.tabby.net.IpPrefix;
import java.util.List;

/**
 * The RIB's decision for a prefix changed.
 *
 * @param best the new best path; {@code null} when there is no route any more
 * @param multipath the paths to install as ECMP (best first, distinct next hops); empty when none
 */
public record BestPathChange(IpPrefix prefix, Route best, List<Route> multipath) {
  public BestPathChange {
    multipath = List.copyOf(multipath);
  }
}
