package dev.tabby.ipam;

import dev.tabby.ipam.BlockAllocations.ReleaseOutcome;
import dev.tabby.ipam.net.Cidr;
import dev.tabby.ipam.net.IpAddress;
import dev.tabby.ipam.store.Datastore;
import dev.tabby.ipam.v1.AllocationOwner;
import dev.tabby.ipam.v1.BlockAffinity;
import dev.tabby.ipam.v1.IPAMBlock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Run periodically by the IPAM controller. Releases addresses whose pod or node is gone, empty
 * blocks, and the blocks of deleted nodes — each only after it has looked that way for the whole
 * grace period (a pod being created has its address before the API shows the pod), and re-checked
 * just before release. Candidates are remembered in memory between runs.
 */
public final class IpamGarbageCollector {
  private static final Logger log = LoggerFactory.getLogger(IpamGarbageCollector.class);

  private final Datastore datastore;
  private final ClusterView cluster;
  private final IpamAllocator allocator;
  private final BlockReleaser releaser;
  private final Clock clock;
  private final Duration grace;
  private final Map<LeakKey, Instant> leakedSince = new HashMap<>();
  private final Map<Cidr, Instant> emptySince = new HashMap<>();

  public IpamGarbageCollector(
      Datastore datastore,
      ClusterView cluster,
      IpamAllocator allocator,
      BlockReleaser releaser,
      Clock clock,
      Duration grace) {
    this.datastore = datastore;
    this.cluster = cluster;
    this.allocator = allocator;
    this.releaser = releaser;
    this.clock = clock;
    this.grace = grace;
  }

  /** What one run released. */
  public record Result(List<IpAddress> releasedAddresses, List<Cidr> releasedBlocks) {}

  private record LeakKey(IpAddress address, Long sequenceNumber) {}

  public synchronized Result runOnce() {
    Instant now = clock.instant();
    releaseAffinitiesOfDeletedNodes();
    List<IpAddress> releasedAddresses = new ArrayList<>();
    List<Cidr> releasedBlocks = new ArrayList<>();
    Set<LeakKey> stillLeaked = new HashSet<>();
    Set<Cidr> stillEmpty = new HashSet<>();
    for (IPAMBlock block : datastore.blocks().list()) {
      Cidr cidr = Cidr.parse(block.getSpec().getCidr());
      String node = BlockAllocations.affineNode(block.getSpec());
      if (block.getSpec().isDeleted()) {
        releaser.finishDeletion(cidr, node); // its releaser stopped half-way
        continue;
      }
      BlockAllocations allocations = new BlockAllocations(block.getSpec());
      int remaining = allocations.allocatedCount();
      for (BlockAllocations.Allocation a : allocations.allocations().values()) {
        if (!isLeaked(a.owner())) {
          continue;
        }
        LeakKey key = new LeakKey(a.address(), a.sequenceNumber());
        stillLeaked.add(key);
        if (graceOver(leakedSince.computeIfAbsent(key, k -> now), now) && isLeaked(a.owner())) {
          if (allocator.releaseAddress(a.address(), a.sequenceNumber())
              == ReleaseOutcome.RELEASED) {
            log.info(
                "released leaked address {} of pod {}/{} on node {}",
                a.address(),
                a.owner().getNamespace(),
                a.owner().getPod(),
                a.owner().getNode());
            releasedAddresses.add(a.address());
            remaining--;
          }
          stillLeaked.remove(key);
        }
      }
      if (remaining == 0) {
        stillEmpty.add(cidr);
        if (graceOver(emptySince.computeIfAbsent(cidr, c -> now), now)
            && releaser.releaseIfEmpty(cidr)) {
          releasedBlocks.add(cidr);
          stillEmpty.remove(cidr);
        }
      }
    }
    leakedSince.keySet().retainAll(stillLeaked);
    emptySince.keySet().retainAll(stillEmpty);
    return new Result(releasedAddresses, releasedBlocks);
  }

  private boolean graceOver(Instant since, Instant now) {
    return Duration.between(since, now).compareTo(grace) >= 0;
  }

  /** Leaked: the owning node or pod is gone. An address without an owner is never collected. */
  private boolean isLeaked(AllocationOwner owner) {
    if (owner == null || owner.getPod() == null) {
      return false;
    }
    if (owner.getNode() != null && !cluster.nodeExists(owner.getNode())) {
      return true;
    }
    return !cluster.podExists(owner.getNamespace(), owner.getPod());
  }

  /** A node deleted while no controller watched still holds affinities; give them back. */
  private void releaseAffinitiesOfDeletedNodes() {
    Set<String> gone = new HashSet<>();
    for (BlockAffinity affinity : datastore.affinities().list()) {
      String node = affinity.getSpec().getNode();
      if (!gone.contains(node) && !cluster.nodeExists(node)) {
        gone.add(node);
        allocator.releaseNode(node);
      }
    }
  }
}
