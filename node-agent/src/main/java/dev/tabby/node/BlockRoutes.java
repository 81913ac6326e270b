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
 * Addresses borrowed from other nodes' blocks ({@link BorrowedAddresses}) are announced as host
 * routes by the same rule, with no blackhole: the pod's own route is there.
 */
public final class BlockRoutes {

  private BlockRoutes() {}

  public static BlockPlan plan(
      Collection<IpPrefix> ownBlocks, Collection<IpPrefix> borrowed, Collection<IPPool> pools) {
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
    for (IpPrefix host : borrowed) {
      if (unexported.stream().noneMatch(pool -> pool.contains(host))) {
        originated.add(host);
      }
    }
    return new BlockPlan(originated, blackholes);
  }
}
