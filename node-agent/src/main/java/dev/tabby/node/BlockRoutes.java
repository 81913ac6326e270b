package dev.tabby.node;

import dev.tabby.api.v1.IPPool;
import dev.tabby.dataplane.Route;
import dev.tabby.net.IpPrefix;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Blocks → originated routes and blackholes. Every own block gets a blackhole; it is announced
 * unless the pool it belongs to says {@code disableBGPExport}. A disabled pool's blocks are still
 * announced: the pods that have addresses in them keep working, the pool only gives no new ones.
 */
public final class BlockRoutes {

  private BlockRoutes() {}

  public static BlockPlan plan(Collection<IpPrefix> ownBlocks, Collection<IPPool> pools) {
    List<IpPrefix> unexported = new ArrayList<>();
    for (IPPool pool : pools) {
      if (pool.getSpec() != null && pool.getSpec().isDisableBGPExport()) {
        try {
          unexported.add(IpPrefix.parseAndMask(pool.getSpec().getCidr()));
        } catch (IllegalArgumentException e) {
          // an invalid pool gives no blocks; IPAM reports it
        }
      }
    }
    Set<IpPrefix> originated = new HashSet<>();
    List<Route> blackholes = new ArrayList<>();
    for (IpPrefix block : ownBlocks) {
      blackholes.add(Route.blackhole(block));
      if (unexported.stream().noneMatch(pool -> pool.contains(block))) {
        originated.add(block);
      }
    }
    return new BlockPlan(originated, blackholes);
  }
}
