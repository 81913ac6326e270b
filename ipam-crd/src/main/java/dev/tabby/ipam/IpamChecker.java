package dev.tabby.ipam;

import dev.tabby.api.v1.AffinityState;
import dev.tabby.api.v1.AllocationOwner;
import dev.tabby.api.v1.BlockAffinity;
import dev.tabby.api.v1.IPAMBlock;
import dev.tabby.api.v1.IPAMHandle;
import dev.tabby.ipam.pool.Pool;
import dev.tabby.ipam.pool.PoolScreen;
import dev.tabby.ipam.store.Datastore;
import dev.tabby.net.IpPrefix;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Reads every IPAM object and reports what does not add up. Read-only. */
public final class IpamChecker {
  private final Datastore datastore;
  private final ClusterView cluster;

  public IpamChecker(Datastore datastore, ClusterView cluster) {
    this.datastore = datastore;
    this.cluster = cluster;
  }

  public IpamReport check() {
    List<String> unused = new ArrayList<>();
    List<String> handleProblems = new ArrayList<>();
    List<String> orphanAffinities = new ArrayList<>();
    List<String> impossible = new ArrayList<>();

    PoolScreen.Screened screened = PoolScreen.silent().screen(datastore.pools().list());
    List<Pool> pools = screened.usable();
    LeakJudge judge = new LeakJudge(cluster);
    Map<String, BlockAffinity> affinities = new HashMap<>();
    datastore.affinities().list().forEach(a -> affinities.put(a.getMetadata().getName(), a));
    Map<String, IPAMHandle> handles = new HashMap<>();
    datastore.handles().list().forEach(h -> handles.put(h.getSpec().getHandleID(), h));
    TreeMap<IpPrefix, IPAMBlock> blocks = new TreeMap<>();
    // handle ID -> block CIDR -> addresses actually held
    Map<String, Map<String, Integer>> held = new HashMap<>();

    for (IPAMBlock block : datastore.blocks().list()) {
      IpPrefix cidr = IpPrefix.parse(block.getSpec().getCidr());
      blocks.put(cidr, block);
      BlockAllocations allocations = new BlockAllocations(block.getSpec());
      allocations.problems().forEach(p -> impossible.add("block " + cidr + ": " + p));
      if (pools.stream().noneMatch(p -> p.cidr().contains(cidr))) {
        impossible.add("block " + cidr + " lies in no usable IPPool");
      }
      String node = BlockAllocations.affineNode(block.getSpec());
      if (node != null
          && !block.getSpec().isDeleted()
          && !affinities.containsKey(Names.affinity(node, cidr))) {
        impossible.add(
            "block " + cidr + " is affine to " + node + ", which has no affinity for it");
      }
      for (BlockAllocations.Allocation a : readableAllocations(allocations)) {
        held.computeIfAbsent(a.handleId(), h -> new HashMap<>())
            .merge(cidr.toString(), 1, Integer::sum);
        checkOwner(a, judge, unused);
        if (!handles.containsKey(a.handleId())) {
          handleProblems.add(
              a.address() + " is held by handle " + a.handleId() + ", which has no IPAMHandle");
        }
      }
    }
    checkOverlaps(blocks, impossible);
    for (IPAMHandle handle : handles.values()) {
      String id = handle.getSpec().getHandleID();
      Map<String, Integer> actual = held.getOrDefault(id, Map.of());
      if (actual.isEmpty()) {
        handleProblems.add("handle " + id + " holds no addresses");
      } else if (!actual.equals(handle.getSpec().getBlock())) {
        handleProblems.add(
            "handle " + id + " counts " + handle.getSpec().getBlock() + " but holds " + actual);
      }
    }
    for (BlockAffinity affinity : affinities.values()) {
      if (affinity.getSpec().getState() != AffinityState.confirmed
          || affinity.getSpec().isDeleted()) {
        continue;
      }
      IPAMBlock block = blocks.get(IpPrefix.parse(affinity.getSpec().getCidr()));
      String node = affinity.getSpec().getNode();
      if (block == null) {
        orphanAffinities.add(
            "node "
                + node
                + " has a confirmed affinity for missing block "
                + affinity.getSpec().getCidr());
      } else if (!node.equals(BlockAllocations.affineNode(block.getSpec()))) {
        orphanAffinities.add(
            "node "
                + node
                + " has an affinity for block "
                + affinity.getSpec().getCidr()
                + ", which is affine to "
                + block.getSpec().getAffinity());
      }
    }
    return new IpamReport(
        unused, handleProblems, orphanAffinities, impossible, screened.ignoredLines());
  }

  /** The allocations of a block, or none if its bookkeeping is too broken to read. */
  private static Collection<BlockAllocations.Allocation> readableAllocations(
      BlockAllocations allocations) {
    try {
      return allocations.allocations().values();
    } catch (RuntimeException e) {
      return List.of(); // already reported among the block's problems
    }
  }

  private static void checkOwner(
      BlockAllocations.Allocation a, LeakJudge judge, List<String> unused) {
    AllocationOwner owner = a.owner();
    if (owner == null || owner.getPod() == null) {
      unused.add(a.address() + " (handle " + a.handleId() + ") records no pod");
    } else {
      judge
          .whyLeaked(owner, a.address())
          .ifPresent(why -> unused.add(a.address() + " (handle " + a.handleId() + ") " + why));
    }
  }

  private static void checkOverlaps(TreeMap<IpPrefix, IPAMBlock> blocks, List<String> impossible) {
    IpPrefix previous = null;
    for (IpPrefix cidr : blocks.keySet()) {
      if (previous != null && previous.overlaps(cidr)) {
        impossible.add("blocks " + previous + " and " + cidr + " overlap");
      }
      previous = cidr;
    }
  }
}
