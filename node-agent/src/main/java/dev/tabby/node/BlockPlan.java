package dev.tabby.node;

import dev.tabby.dataplane.Route;
import dev.tabby.net.IpPrefix;
import java.util.List;
import java.util.Set;

/**
 * What the node's own blocks ask for.
 *
 * @param originated the prefixes the speaker announces
 * @param blackholes one kernel blackhole per own block, so a packet to a free address in it is
 *     dropped at home instead of bouncing back along a default route
 */
public record BlockPlan(Set<IpPrefix> originated, List<Route> blackholes) {
  public BlockPlan {
    originated = Set.copyOf(originated);
    blackholes = List.copyOf(blackholes);
  }
}
