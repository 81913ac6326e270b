package dev.tabby.ipam;

import dev.tabby.api.v1.BlockAffinity;
import dev.tabby.api.v1.IPAMBlock;
import dev.tabby.ipam.BlockAllocations.ReleaseOutcome;
import dev.tabby.ipam.store.Datastore;
import dev.tabby.net.IpAddress;
import dev.tabby.net.IpPrefix;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Run periodically by the IPAM controller. Releases addresses whose pod or node is gone (a pod is
 * told from a later one of the same name by its UID and addresses, {@link LeakJudge}), empty
 * blocks, and the blocks of deleted nodes — each only after it has looked that way for the whole
 * grace period (a pod being created has its address before the API shows the pod), and re-checked
 * just before release. Candidates are remembered in memory between runs. Give it a {@link
 * WatchedClusterView#withPods} view, so that a run asks the informers' caches, not the API server,
 * about each allocation.
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
  private final Map<IpPrefix, Instant> emptySince = new HashMap<>();
  private final Map<String, Instant> nodeGoneSince = new HashMap<>();

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
  public record Result(List<IpAddress> releasedAddresses, List<IpPrefix> releasedBlocks) {}

  private record LeakKey(IpAddress address, Long sequenceNumber) {}

  public synchronized Result runOnce() {
    Instant now = clock.instant();
    LeakJudge judge = new LeakJudge(cluster);
    releaseAffinitiesOfDeletedNodes(now);
    List<IpAddress> releasedAddresses = new ArrayList<>();
    List<IpPrefix> releasedBlocks = new ArrayList<>();
    Set<LeakKey> stillLeaked = new HashSet<>();
    Set<IpPrefix> stillEmpty = new HashSet<>();
    for (IPAMBlock block : datastore.blocks().list()) {
      IpPrefix cidr = IpPrefix.parse(block.getSpec().getCidr());
      String node = BlockAllocations.affineNode(block.getSpec());
      if (block.getSpec().isDeleted()) {
        releaser.finishDeletion(cidr, node); // its releaser stopped half-way
        continue;
      }
      BlockAllocations allocations = new BlockAllocations(block.getSpec());
      int remaining = allocations.allocatedCount();
      for (BlockAllocations.Allocation a : allocations.allocations().values()) {
        if (judge.whyLeaked(a.owner(), a.address()).isEmpty()) {
          continue;
        }
        LeakKey key = new LeakKey(a.address(), a.sequenceNumber());
        stillLeaked.add(key);
        if (!graceOver(leakedSince.computeIfAbsent(key, k -> now), now)) {
          continue;
        }
        // Looked at afresh just before release, with a judge that remembers no node.
        Optional<String> why = new LeakJudge(cluster).whyLeaked(a.owner(), a.address());
        if (why.isPresent()
            && allocator.releaseAddress(a.address(), a.sequenceNumber())
                == ReleaseOutcome.RELEASED) {
          log.info(
              "event=ipam-release address={} pod={}/{} node={} handle={} reason=\"it {}\"",
              a.address(),
              a.owner().getNamespace(),
              a.owner().getPod(),
              a.owner().getNode(),
              a.handleId(),
              why.get());
          releasedAddresses.add(a.address());
          remaining--;
        }
        stillLeaked.remove(key);
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

  /**
   * A node deleted while no controller watched still holds affinities: once it has been gone for
   * the whole grace period (a node object may be deleted and re-registered), and is still gone when
   * looked at again, its blocks are given back.
   */
  private void releaseAffinitiesOfDeletedNodes(Instant now) {
    Set<String> gone = new HashSet<>();
    for (BlockAffinity affinity : datastore.affinities().list()) {
      String node = affinity.getSpec().getNode();
      if (!gone.contains(node) && !cluster.nodeExists(node)) {
        gone.add(node);
      }
    }
    nodeGoneSince.keySet().retainAll(gone);
    for (String node : gone) {
      if (graceOver(nodeGoneSince.computeIfAbsent(node, n -> now), now)
          && !cluster.nodeExists(node)) {
        log.info(
            "event=ipam-release-node node={} reason=\"gone for the grace period {}\"", node, grace);
        allocator.releaseNode(node);
        nodeGoneSince.remove(node);
      }
    }
  }
}
