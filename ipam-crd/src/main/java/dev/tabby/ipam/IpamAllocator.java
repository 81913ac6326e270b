package dev.tabby.ipam;

import dev.tabby.api.v1.BlockAffinity;
import dev.tabby.api.v1.IPAMHandle;
import dev.tabby.ipam.BlockAllocations.ReleaseOutcome;
import dev.tabby.ipam.pool.Pool;
import dev.tabby.ipam.store.ConflictRetry;
import dev.tabby.ipam.store.Datastore;
import dev.tabby.net.IpAddress;
import dev.tabby.net.IpPrefix;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Assigns and releases pod addresses. An address comes from the node's own blocks first; when they
 * are full the node claims a new block; when it may claim no more (pools exhausted or
 * maxBlocksPerHost) it borrows a free address from another node's block unless strictAffinity is
 * on. Every assignment is recorded in its block under a handle and counted in the handle's
 * IPAMHandle, which is written first so that a release by handle always finds every block.
 *
 * <p>A node's requests run one batch at a time in the node's lane ({@link NodeLanes}): requests
 * that arrive together (a kubelet starts pods concurrently) are served together, with one
 * compare-and-swap per block for all of them, and never conflict with each other.
 */
public final class IpamAllocator {
  private static final Logger log = LoggerFactory.getLogger(IpamAllocator.class);

  /** The lane of releases in blocks no node of this allocator is known to hold (borrowed ones). */
  private static final String UNKNOWN_HOLDER = "";

  private final Datastore datastore;
  private final IpamConfigSource config;
  private final Handles handles;
  private final BlockReleaser blockReleaser;
  private final OwnBlocks ownBlocks;
  private final BatchReleaser releaser;
  private final BatchAssigner assigner;
  private final NodeLanes lanes = new NodeLanes(this::runBatch);

  /** An allocator that reads pools, settings and reservations afresh for every request. */
  public IpamAllocator(Datastore datastore, ClusterView cluster, ConflictRetry retry) {
    this(datastore, cluster, IpamConfigSource.direct(datastore), retry);
  }

  public IpamAllocator(
      Datastore datastore, ClusterView cluster, IpamConfigSource config, ConflictRetry retry) {
    this.datastore = datastore;
    this.config = config;
    this.handles = new Handles(datastore, retry, handleWriters());
    BlockClaimer claimer = new BlockClaimer(datastore, retry);
    this.blockReleaser = new BlockReleaser(datastore, retry);
    BlockCache blockCache = new BlockCache(datastore);
    this.ownBlocks = new OwnBlocks(datastore, claimer, blockReleaser);
    this.releaser = new BatchReleaser(retry, handles, blockCache);
    this.assigner =
        new BatchAssigner(
            datastore,
            cluster,
            config,
            claimer,
            new BlockFiller(datastore, retry, handles, blockCache),
            ownBlocks,
            releaser);
  }

  /**
   * Threads that write the IPAMHandles of a batch side by side. They live only while batches keep
   * them busy (idle ones end after a minute) and never keep the JVM up, so the allocator needs no
   * closing; there are never more of them than requests waiting in a batch.
   */
  private static ExecutorService handleWriters() {
    AtomicInteger count = new AtomicInteger();
    return Executors.newCachedThreadPool(
        task -> {
          Thread t = new Thread(task, "ipam-handle-writer-" + count.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
  }

  /**
   * Assigns the requested addresses, all or none: if a later family fails, the addresses already
   * assigned for this request are released again.
   */
  public List<Assignment> assign(AssignRequest request) {
    return lanes.run(request.node(), new AssignWork(request));
  }

  /**
   * Releases every address of the handle and deletes the handle. Releasing again, or releasing a
   * handle that never existed, releases nothing.
   *
   * @return the addresses released
   */
  public List<IpAddress> releaseByHandle(String handleId) {
    Optional<IPAMHandle> handle = handles.get(handleId);
    if (handle.isEmpty()) {
      return List.of();
    }
    String lane =
        handle.get().getSpec().getBlock().keySet().stream()
            .findFirst()
            .map(block -> laneOf(IpPrefix.parse(block)))
            .orElse(UNKNOWN_HOLDER);
    return lanes.run(lane, new HandleRelease(handle.get()));
  }

  /**
   * Releases one address. With {@code sequenceNumber} (from its {@link Assignment}) only that
   * assignment is released: a stale or repeated release of an address that has since been assigned
   * again answers {@link ReleaseOutcome#STALE} and changes nothing.
   */
  public ReleaseOutcome releaseAddress(IpAddress address, Long sequenceNumber) {
    Optional<IpPrefix> block = blockContaining(address);
    if (block.isEmpty()) {
      return ReleaseOutcome.NOT_ALLOCATED;
    }
    return lanes.run(laneOf(block.get()), new AddressRelease(address, sequenceNumber, block.get()));
  }

  /**
   * Gives back a deleted node's blocks: empty ones are deleted, the others lose their affinity
   * (their addresses are collected once their pods are gone), and every affinity of the node goes.
   */
  public void releaseNode(String node) {
    lanes.run(node, new NodeTask(() -> giveBackBlocks(node)));
  }

  /** How many requests wait in the node's lane behind the batch being written. */
  public int waitingRequests(String node) {
    return lanes.waiting(node);
  }

  /** Releases run in the lane of the node that holds their block, so they batch with its work. */
  private String laneOf(IpPrefix block) {
    return ownBlocks.holderOf(block).orElse(UNKNOWN_HOLDER);
  }

  /**
   * The block an address belongs to, by the blocks' own geometry (a pool's block size may differ
   * from that of blocks cut before it was set): one of the blocks a node of this allocator holds,
   * else the block its pool's block size gives if that block exists, else whichever stored block
   * holds it.
   */
  private Optional<IpPrefix> blockContaining(IpAddress address) {
    Optional<IpPrefix> held = ownBlocks.blockHolding(address);
    if (held.isPresent()) {
      return held;
    }
    for (Pool p : config.snapshot().pools()) {
      if (p.cidr().contains(address)) {
        IpPrefix block = IpPrefix.containing(address, p.blockSize());
        if (datastore.blocks().get(Names.block(block)).isPresent()) {
          return Optional.of(block);
        }
      }
    }
    return datastore.blocks().list().stream()
        .map(b -> IpPrefix.parse(b.getSpec().getCidr()))
        .filter(c -> c.contains(address))
        .findFirst();
  }

  /**
   * One batch of a lane: tasks that must run alone first, then releases (so that assignments in the
   * same batch may reuse what they free), then assignments.
   */
  private void runBatch(String node, List<LaneWork<?>> batch) {
    List<AddressRelease> addressReleases = new ArrayList<>();
    List<HandleRelease> handleReleases = new ArrayList<>();
    List<AssignWork> assigns = new ArrayList<>();
    for (LaneWork<?> work : batch) {
      if (work instanceof NodeTask task) {
        task.runNow();
      } else if (work instanceof AddressRelease r) {
        addressReleases.add(r);
      } else if (work instanceof HandleRelease r) {
        handleReleases.add(r);
      } else if (work instanceof AssignWork a) {
        assigns.add(a);
      } else {
        throw new IllegalStateException("unknown lane work " + work);
      }
    }
    if (!addressReleases.isEmpty()) {
      releaser.releaseAddresses(addressReleases);
    }
    if (!handleReleases.isEmpty()) {
      releaser.releaseHandles(handleReleases);
    }
    if (!assigns.isEmpty()) {
      assigner.assign(node, assigns);
    }
  }

  private void giveBackBlocks(String node) {
    ownBlocks.forget(node);
    for (BlockAffinity affinity : datastore.affinities().listWithLabel(Names.NODE_LABEL, node)) {
      IpPrefix cidr = IpPrefix.parse(affinity.getSpec().getCidr());
      boolean ours =
          datastore
              .blocks()
              .get(Names.block(cidr))
              .map(b -> node.equals(BlockAllocations.affineNode(b.getSpec())))
              .orElse(false);
      if (!ours) {
        blockReleaser.deleteAffinity(node, cidr); // a claim that never got its block
      } else if (!blockReleaser.releaseIfEmpty(cidr)) {
        blockReleaser.detach(cidr, node);
      }
    }
    log.info("event=ipam-released-node node={}", node);
  }
}
