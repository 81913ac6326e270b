package dev.tabby.ipam;

import dev.tabby.ipam.BlockAllocations.ReleaseOutcome;
import dev.tabby.ipam.net.Cidr;
import dev.tabby.ipam.net.IpAddress;
import dev.tabby.ipam.net.IpFamily;
import dev.tabby.ipam.pool.Pool;
import dev.tabby.ipam.store.ConflictRetry;
import dev.tabby.ipam.store.Datastore;
import dev.tabby.ipam.v1.AffinityState;
import dev.tabby.ipam.v1.AllocationOwner;
import dev.tabby.ipam.v1.BlockAffinity;
import dev.tabby.ipam.v1.IPAMBlock;
import dev.tabby.ipam.v1.IPAMHandle;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Assigns and releases pod addresses. An address comes from the node's own blocks first; when they
 * are full the node claims a new block; when it may claim no more (pools exhausted or
 * maxBlocksPerHost) it borrows a free address from another node's block unless strictAffinity is
 * on. Every assignment is recorded in its block under a handle and counted in the handle's
 * IPAMHandle, which is written first so that a release by handle always finds every block.
 */
public final class IpamAllocator {
  private static final Logger log = LoggerFactory.getLogger(IpamAllocator.class);

  private final Datastore datastore;
  private final ClusterView cluster;
  private final ConflictRetry retry;
  private final Handles handles;
  private final BlockClaimer claimer;
  private final BlockReleaser releaser;
  private final IpamConfigSource config;
  private final BlockCache blockCache;
  private final NodeLocks nodeLocks = new NodeLocks();

  /** The node's confirmed blocks, as last listed; this allocator is their only claimer. */
  private final Map<String, List<Cidr>> ownBlocksByNode = new ConcurrentHashMap<>();

  /** An allocator that reads pools, settings and reservations afresh for every request. */
  public IpamAllocator(Datastore datastore, ClusterView cluster, ConflictRetry retry) {
    this(datastore, cluster, IpamConfigSource.direct(datastore), retry);
  }

  public IpamAllocator(
      Datastore datastore, ClusterView cluster, IpamConfigSource config, ConflictRetry retry) {
    this.datastore = datastore;
    this.cluster = cluster;
    this.config = config;
    this.retry = retry;
    this.handles = new Handles(datastore, retry);
    this.claimer = new BlockClaimer(datastore, retry);
    this.releaser = new BlockReleaser(datastore, retry);
    this.blockCache = new BlockCache(datastore);
  }

  /**
   * Assigns the requested addresses, all or none: if a later family fails, the addresses already
   * assigned for this request are released again.
   */
  public List<Assignment> assign(AssignRequest request) {
    ReentrantLock lock = nodeLocks.forNode(request.node());
    lock.lock();
    try {
      Map<String, String> labels =
          cluster
              .nodeLabels(request.node())
              .orElseThrow(() -> new IpamException("node " + request.node() + " does not exist"));
      IpamSnapshot snapshot = config.snapshot();
      IpamSettings settings = snapshot.settings();
      List<Pool> pools = snapshot.pools();
      Reservations reservations = snapshot.reservations();
      List<Assignment> done = new ArrayList<>();
      try {
        for (int i = 0; i < request.ipv4(); i++) {
          done.add(assignOne(request, IpFamily.V4, pools, labels, settings, reservations));
        }
        for (int i = 0; i < request.ipv6(); i++) {
          done.add(assignOne(request, IpFamily.V6, pools, labels, settings, reservations));
        }
      } catch (RuntimeException e) {
        done.forEach(a -> releaseAddress(a.address(), a.sequenceNumber()));
        throw e;
      }
      log.debug("assigned {} to {} on {}", done, request.handleId(), request.node());
      return done;
    } finally {
      lock.unlock();
    }
  }

  private Assignment assignOne(
      AssignRequest request,
      IpFamily family,
      List<Pool> allPools,
      Map<String, String> nodeLabels,
      IpamSettings settings,
      Reservations reservations) {
    String node = request.node();
    List<Pool> pools =
        allPools.stream()
            .filter(p -> p.family() == family && p.servesWorkloadsOn(nodeLabels))
            .sorted(Comparator.comparing(Pool::name))
            .toList();
    if (pools.isEmpty()) {
      throw new AddressesExhaustedException(
          "no enabled " + family + " IPPool serves node " + node + " (check pool nodeSelectors)");
    }
    AllocationOwner owner = new AllocationOwner(request.pod(), request.namespace(), node);
    List<Cidr> ownBlocks = ownBlocksByNode.computeIfAbsent(node, this::listOwnBlocks);
    Optional<Assignment> fromOwn =
        assignFromOwn(ownBlocks, pools, request, owner, reservations, BlockRead.CACHED_COPY);
    if (fromOwn.isPresent()) {
      return fromOwn.get();
    }
    // Full as far as the copies in hand show, or taken away meanwhile (released empty by garbage
    // collection): list them afresh and read each one before claiming another block.
    ownBlocks = listOwnBlocks(node);
    ownBlocksByNode.put(node, ownBlocks);
    fromOwn = assignFromOwn(ownBlocks, pools, request, owner, reservations, BlockRead.STORED);
    if (fromOwn.isPresent()) {
      return fromOwn.get();
    }
    int held = ownBlocks.size();
    while (settings.mayClaimMore(held)) {
      Optional<Cidr> claimed = claimer.claim(node, pools, reservations);
      if (claimed.isEmpty()) {
        break;
      }
      held++;
      ownBlocks.add(claimed.get());
      Optional<Assignment> a =
          assignFrom(claimed.get(), node, request, owner, reservations, BlockRead.STORED);
      if (a.isPresent()) {
        return a.get();
      }
    }
    if (!settings.strictAffinity()) {
      Optional<Assignment> borrowed = borrow(pools, request, owner, reservations);
      if (borrowed.isPresent()) {
        log.info("node {} borrowed {} from another node's block", node, borrowed.get().address());
        return borrowed.get();
      }
    }
    throw new AddressesExhaustedException(
        "no free "
            + family
            + " address for pod "
            + request.namespace()
            + "/"
            + request.pod()
            + " on node "
            + node
            + " in IPPools "
            + pools.stream().map(Pool::name).toList()
            + ": the node's "
            + held
            + " blocks are full, "
            + (settings.mayClaimMore(held)
                ? "no free block is left to claim"
                : "it may claim no more blocks (maxBlocksPerHost "
                    + settings.maxBlocksPerHost()
                    + ", autoAllocateBlocks "
                    + settings.autoAllocateBlocks()
                    + ")")
            + (settings.strictAffinity()
                ? ", and strictAffinity forbids borrowing"
                : ", and no other block has a free address"));
  }

  private Optional<Assignment> assignFromOwn(
      List<Cidr> ownBlocks,
      List<Pool> pools,
      AssignRequest request,
      AllocationOwner owner,
      Reservations reservations,
      BlockRead read) {
    for (Cidr block : List.copyOf(ownBlocks)) {
      if (inAny(pools, block)) {
        Optional<Assignment> a =
            assignFrom(block, request.node(), request, owner, reservations, read);
        if (a.isPresent()) {
          return a;
        }
      }
    }
    return Optional.empty();
  }

  /** Whether a block copy in hand that shows no free address is believed without a read. */
  private enum BlockRead {
    /** Believed: a node fills its blocks one after another, and skips the full ones cheaply. */
    CACHED_COPY,
    /** Read the stored block: the copy may predate a release by another writer. */
    STORED
  }

  private static boolean inAny(List<Pool> pools, Cidr block) {
    return pools.stream().anyMatch(p -> p.cidr().contains(block));
  }

  /**
   * The node's usable blocks. A pending affinity seen here was left by a claim that stopped
   * half-way (claims run under the node lock): confirm it if its block exists, else drop it.
   */
  private List<Cidr> listOwnBlocks(String node) {
    List<Cidr> blocks = new ArrayList<>();
    for (BlockAffinity affinity : datastore.affinities().listWithLabel(Names.NODE_LABEL, node)) {
      if (affinity.getSpec().isDeleted() || !node.equals(affinity.getSpec().getNode())) {
        continue;
      }
      Cidr cidr = Cidr.parse(affinity.getSpec().getCidr());
      AffinityState state = affinity.getSpec().getState();
      if (state == AffinityState.pending) {
        Optional<IPAMBlock> block = datastore.blocks().get(Names.block(cidr));
        if (block.isPresent() && node.equals(BlockAllocations.affineNode(block.get().getSpec()))) {
          claimer.confirm(affinity.getMetadata().getName());
          state = AffinityState.confirmed;
        } else if (block.isEmpty()) {
          releaser.deleteAffinity(node, cidr);
        }
      }
      if (state == AffinityState.confirmed) {
        blocks.add(cidr);
      }
    }
    blocks.sort(Comparator.naturalOrder());
    return new CopyOnWriteArrayList<>(blocks);
  }

  private Optional<Assignment> borrow(
      List<Pool> pools, AssignRequest request, AllocationOwner owner, Reservations reservations) {
    for (IPAMBlock block : datastore.blocks().list()) {
      Cidr cidr = Cidr.parse(block.getSpec().getCidr());
      BlockAllocations allocations = new BlockAllocations(block.getSpec());
      if (block.getSpec().isDeleted()
          || allocations.allocatedCount() == allocations.size()
          || !inAny(pools, cidr)) {
        continue;
      }
      Optional<Assignment> a =
          assignFrom(cidr, null, request, owner, reservations, BlockRead.STORED);
      if (a.isPresent()) {
        return a;
      }
    }
    return Optional.empty();
  }

  /**
   * Assigns one address from the block, counting it in the handle first.
   *
   * @param affineNode the node the block must still be affine to, or null when borrowing
   * @param read whether a copy in hand that shows the block full is believed
   */
  private Optional<Assignment> assignFrom(
      Cidr cidr,
      String affineNode,
      AssignRequest request,
      AllocationOwner owner,
      Reservations reservations,
      BlockRead read) {
    String name = Names.block(cidr);
    Optional<IPAMBlock> cached = blockCache.takeCached(name);
    Optional<IPAMBlock> peek = usableCopy(cached, affineNode, reservations);
    if (peek.isEmpty() && cached.isPresent() && read == BlockRead.CACHED_COPY) {
      blockCache.keep(cached.get());
      return Optional.empty();
    }
    if (peek.isEmpty()) {
      Optional<IPAMBlock> stored = datastore.blocks().get(name);
      peek = usableCopy(stored, affineNode, reservations);
      if (peek.isEmpty()) {
        stored.ifPresent(blockCache::keep); // so that later requests skip it without a read
        return Optional.empty();
      }
    }
    handles.adjust(request.handleId(), cidr, 1);
    Optional<Assignment> result;
    IPAMBlock[] inHand = {peek.get()};
    try {
      result =
          retry.run(
              "assigning an address from block " + cidr,
              () -> {
                IPAMBlock block =
                    inHand[0] != null ? inHand[0] : datastore.blocks().get(name).orElse(null);
                inHand[0] = null; // a retry reads afresh
                if (block == null || !isUsable(block, affineNode)) {
                  return Optional.empty();
                }
                Optional<BlockAllocations.Assigned> assigned =
                    new BlockAllocations(block.getSpec())
                        .assign(request.handleId(), owner, usable(cidr, reservations));
                if (assigned.isEmpty()) {
                  return Optional.empty();
                }
                blockCache.update(block);
                return Optional.of(
                    new Assignment(
                        assigned.get().address(), cidr, assigned.get().sequenceNumber()));
              });
    } catch (RuntimeException e) {
      handles.adjust(request.handleId(), cidr, -1);
      throw e;
    }
    if (result.isEmpty()) {
      handles.adjust(request.handleId(), cidr, -1);
    }
    return result;
  }

  private static boolean isUsable(IPAMBlock block, String affineNode) {
    return !block.getSpec().isDeleted()
        && (affineNode == null || affineNode.equals(BlockAllocations.affineNode(block.getSpec())));
  }

  private static IntPredicate usable(Cidr cidr, Reservations reservations) {
    return ordinal -> !reservations.contains(cidr.addressAt(ordinal));
  }

  /** The copy, if it is usable by the node and has a free address. */
  private static Optional<IPAMBlock> usableCopy(
      Optional<IPAMBlock> copy, String affineNode, Reservations reservations) {
    return copy.filter(
        block -> {
          if (!isUsable(block, affineNode)) {
            return false;
          }
          Cidr cidr = Cidr.parse(block.getSpec().getCidr());
          IntPredicate usable = usable(cidr, reservations);
          return block.getSpec().getUnallocated().stream().anyMatch(usable::test);
        });
  }

  /**
   * Releases every address of the handle and deletes the handle. Releasing again, or releasing a
   * handle that never existed, releases nothing.
   *
   * @return the addresses released
   */
  public List<IpAddress> releaseByHandle(String handleId) {
    List<IpAddress> released = new ArrayList<>();
    retry.run(
        "releasing handle " + handleId,
        () -> {
          Optional<IPAMHandle> current = handles.get(handleId);
          if (current.isEmpty()) {
            return null;
          }
          IPAMHandle handle = current.get();
          for (String block : handle.getSpec().getBlock().keySet()) {
            released.addAll(releaseHandleInBlock(handleId, Cidr.parse(block)));
          }
          handles.markDeletedAndDelete(handle);
          return null;
        });
    log.debug("released {} of handle {}", released, handleId);
    return released;
  }

  private List<IpAddress> releaseHandleInBlock(String handleId, Cidr cidr) {
    return retry.run(
        "releasing handle " + handleId + " in block " + cidr,
        () ->
            blockCache.attempt(
                Names.block(cidr),
                found -> {
                  if (found.isEmpty()) {
                    return List.<IpAddress>of();
                  }
                  IPAMBlock block = found.get();
                  BlockAllocations allocations = new BlockAllocations(block.getSpec());
                  List<IpAddress> mine = allocations.addressesOf(handleId);
                  if (mine.isEmpty()) {
                    return List.<IpAddress>of();
                  }
                  mine.forEach(address -> allocations.release(address, null));
                  blockCache.update(block);
                  return mine;
                },
                mine -> !mine.isEmpty()));
  }

  /**
   * Releases one address. With {@code sequenceNumber} (from its {@link Assignment}) only that
   * assignment is released: a stale or repeated release of an address that has since been assigned
   * again answers {@link ReleaseOutcome#STALE} and changes nothing.
   */
  public ReleaseOutcome releaseAddress(IpAddress address, Long sequenceNumber) {
    Optional<Cidr> found = blockContaining(address);
    if (found.isEmpty()) {
      return ReleaseOutcome.NOT_ALLOCATED;
    }
    Cidr cidr = found.get();
    Released released =
        retry.run(
            "releasing " + address + " in block " + cidr,
            () ->
                blockCache.attempt(
                    Names.block(cidr),
                    stored -> {
                      if (stored.isEmpty()) {
                        return new Released(ReleaseOutcome.NOT_ALLOCATED, null);
                      }
                      IPAMBlock block = stored.get();
                      BlockAllocations allocations = new BlockAllocations(block.getSpec());
                      BlockAllocations.Allocation allocation =
                          allocations.allocations().get(address);
                      ReleaseOutcome outcome = allocations.release(address, sequenceNumber);
                      if (outcome != ReleaseOutcome.RELEASED) {
                        return new Released(outcome, null);
                      }
                      blockCache.update(block);
                      return new Released(outcome, allocation.handleId());
                    },
                    r -> r.outcome() == ReleaseOutcome.RELEASED));
    if (released.outcome() == ReleaseOutcome.RELEASED) {
      handles.adjust(released.handleId(), cidr, -1);
    }
    return released.outcome();
  }

  private record Released(ReleaseOutcome outcome, String handleId) {}

  /** The block an address belongs to: computed from its pool, or searched for if the pool went. */
  private Optional<Cidr> blockContaining(IpAddress address) {
    for (Pool p : config.snapshot().pools()) {
      if (p.cidr().contains(address)) {
        return Optional.of(Cidr.of(address, p.blockSize()));
      }
    }
    return datastore.blocks().list().stream()
        .map(b -> Cidr.parse(b.getSpec().getCidr()))
        .filter(c -> c.contains(address))
        .findFirst();
  }

  /**
   * Gives back a deleted node's blocks: empty ones are deleted, the others lose their affinity
   * (their addresses are collected once their pods are gone), and every affinity of the node goes.
   */
  public void releaseNode(String node) {
    ReentrantLock lock = nodeLocks.forNode(node);
    lock.lock();
    try {
      ownBlocksByNode.remove(node);
      for (BlockAffinity affinity : datastore.affinities().listWithLabel(Names.NODE_LABEL, node)) {
        Cidr cidr = Cidr.parse(affinity.getSpec().getCidr());
        boolean ours =
            datastore
                .blocks()
                .get(Names.block(cidr))
                .map(b -> node.equals(BlockAllocations.affineNode(b.getSpec())))
                .orElse(false);
        if (!ours) {
          releaser.deleteAffinity(node, cidr); // a claim that never got its block
        } else if (!releaser.releaseIfEmpty(cidr)) {
          releaser.detach(cidr, node);
        }
      }
      log.info("released the blocks of deleted node {}", node);
    } finally {
      lock.unlock();
    }
  }
}
