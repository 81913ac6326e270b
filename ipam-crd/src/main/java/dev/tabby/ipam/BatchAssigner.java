package dev.tabby.ipam;

import dev.tabby.ipam.net.Cidr;
import dev.tabby.ipam.net.IpFamily;
import dev.tabby.ipam.pool.Pool;
import dev.tabby.ipam.store.ConflictRetry;
import dev.tabby.ipam.store.Datastore;
import dev.tabby.ipam.v1.IPAMBlock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Assigns the addresses of a batch of requests for one node, taking as many as a block can give in
 * one compare-and-swap of that block. Crash-safety order as for a single request: every handle is
 * counted in a block before the block records its addresses, so a release by handle always finds
 * them. Requests fail one by one: a handle that cannot be written fails only its own request.
 */
final class BatchAssigner {
  private static final Logger log = LoggerFactory.getLogger(BatchAssigner.class);

  private final Datastore datastore;
  private final ClusterView cluster;
  private final IpamConfigSource config;
  private final ConflictRetry retry;
  private final Handles handles;
  private final BlockClaimer claimer;
  private final BlockCache blockCache;
  private final OwnBlocks ownBlocks;
  private final BatchReleaser releaser;

  BatchAssigner(
      Datastore datastore,
      ClusterView cluster,
      IpamConfigSource config,
      ConflictRetry retry,
      Handles handles,
      BlockClaimer claimer,
      BlockCache blockCache,
      OwnBlocks ownBlocks,
      BatchReleaser releaser) {
    this.datastore = datastore;
    this.cluster = cluster;
    this.config = config;
    this.retry = retry;
    this.handles = handles;
    this.claimer = claimer;
    this.blockCache = blockCache;
    this.ownBlocks = ownBlocks;
    this.releaser = releaser;
  }

  /**
   * Assigns every request of the batch, each all or none: a request that fails has the addresses it
   * already got released again. Answers every request.
   */
  void assign(String node, List<AssignWork> batch) {
    Optional<Map<String, String>> labels = cluster.nodeLabels(node);
    if (labels.isEmpty()) {
      IpamException e = new IpamException("node " + node + " does not exist");
      batch.forEach(w -> w.failed(e));
    } else {
      IpamSnapshot snapshot = config.snapshot();
      for (IpFamily family : IpFamily.values()) {
        List<AssignWork> needs = new ArrayList<>(); // a request appears once per address it wants
        for (AssignWork w : batch) {
          for (int i = 0; !w.hasFailed() && i < w.wanted(family); i++) {
            needs.add(w);
          }
        }
        if (!needs.isEmpty()) {
          assignFamily(node, family, needs, labels.get(), snapshot);
        }
      }
    }
    List<AddressRelease> rollback = new ArrayList<>();
    for (AssignWork w : batch) {
      if (w.hasFailed()) {
        w.done()
            .forEach(
                a -> rollback.add(new AddressRelease(a.address(), a.sequenceNumber(), a.block())));
      }
    }
    if (!rollback.isEmpty()) {
      releaser.releaseAddresses(rollback);
      rollback.forEach(BatchAssigner::warnIfNotReleased);
    }
    log.debug("assigned a batch of {} requests on {}", batch.size(), node);
    batch.forEach(AssignWork::answer);
  }

  /**
   * An address that could not be given back after its request failed stays allocated to a pod that
   * may well exist; say so, since garbage collection only collects addresses of pods that are gone.
   */
  private static void warnIfNotReleased(AddressRelease r) {
    try {
      r.await();
    } catch (RuntimeException e) {
      log.warn(
          "{} stays allocated: its request failed, and releasing it again failed too: {}",
          r.address(),
          e.getMessage());
    }
  }

  private void assignFamily(
      String node,
      IpFamily family,
      List<AssignWork> needs,
      Map<String, String> nodeLabels,
      IpamSnapshot snapshot) {
    List<Pool> pools =
        snapshot.pools().stream()
            .filter(p -> p.family() == family && p.servesWorkloadsOn(nodeLabels))
            .sorted(Comparator.comparing(Pool::name))
            .toList();
    if (pools.isEmpty()) {
      AddressesExhaustedException e =
          new AddressesExhaustedException(
              "no enabled "
                  + family
                  + " IPPool serves node "
                  + node
                  + " (check pool nodeSelectors)");
      needs.forEach(w -> w.failed(e));
      return;
    }
    Reservations reservations = snapshot.reservations();
    IpamSettings settings = snapshot.settings();
    List<AssignWork> left = needs;
    int held = 0;
    try {
      left =
          fillFromOwn(ownBlocks.of(node), pools, node, left, reservations, BlockRead.CACHED_COPY);
      if (!left.isEmpty()) {
        // Full as far as the copies in hand show, or taken away meanwhile (released empty by
        // garbage collection): list them afresh and read each one before claiming another block.
        left =
            fillFromOwn(ownBlocks.relist(node), pools, node, left, reservations, BlockRead.STORED);
      }
      List<Cidr> own = ownBlocks.of(node);
      held = own.size();
      while (!left.isEmpty() && settings.mayClaimMore(held)) {
        Optional<Cidr> claimed = claimer.claim(node, pools, reservations);
        if (claimed.isEmpty()) {
          break;
        }
        held++;
        own.add(claimed.get());
        left = fillFrom(claimed.get(), node, left, reservations, BlockRead.STORED);
      }
      if (!left.isEmpty() && !settings.strictAffinity()) {
        int before = left.size();
        left = borrow(pools, left, reservations);
        if (left.size() < before) {
          log.info(
              "node {} borrowed {} addresses from other nodes' blocks", node, before - left.size());
        }
      }
    } catch (RuntimeException e) {
      // Listing or claiming blocks failed: that stops every request still waiting for an address.
      left.forEach(w -> w.failed(e));
      return;
    }
    if (!left.isEmpty()) {
      int blocksHeld = held;
      left.forEach(w -> w.failed(exhausted(family, w.request(), pools, blocksHeld, settings)));
    }
  }

  private List<AssignWork> fillFromOwn(
      List<Cidr> blocks,
      List<Pool> pools,
      String node,
      List<AssignWork> needs,
      Reservations reservations,
      BlockRead read) {
    List<AssignWork> left = needs;
    for (Cidr block : List.copyOf(blocks)) {
      if (left.isEmpty()) {
        break;
      }
      if (inAny(pools, block)) {
        left = fillFrom(block, node, left, reservations, read);
      }
    }
    return left;
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

  private List<AssignWork> borrow(
      List<Pool> pools, List<AssignWork> needs, Reservations reservations) {
    List<AssignWork> left = needs;
    for (IPAMBlock block : datastore.blocks().list()) {
      if (left.isEmpty()) {
        break;
      }
      Cidr cidr = Cidr.parse(block.getSpec().getCidr());
      BlockAllocations allocations = new BlockAllocations(block.getSpec());
      if (!block.getSpec().isDeleted()
          && allocations.allocatedCount() < allocations.size()
          && inAny(pools, cidr)) {
        left = fillFrom(cidr, null, left, reservations, BlockRead.STORED);
      }
    }
    return left;
  }

  /** A request's address as recorded in the block copy about to be written. */
  private record Placed(AssignWork work, Assignment assignment) {}

  /**
   * Gives as many of the needs as the block has room for an address from it, in one
   * compare-and-swap of the block after their handles were counted in it.
   *
   * @param affineNode the node the block must still be affine to, or null when borrowing
   * @param read whether a copy in hand that shows the block full is believed
   * @return the needs still without an address, in their order, the failed ones left out
   */
  private List<AssignWork> fillFrom(
      Cidr cidr,
      String affineNode,
      List<AssignWork> needs,
      Reservations reservations,
      BlockRead read) {
    String name = Names.block(cidr);
    Optional<IPAMBlock> cached = blockCache.takeCached(name);
    Optional<IPAMBlock> peek = usableCopy(cached, affineNode, reservations);
    if (peek.isEmpty() && cached.isPresent() && read == BlockRead.CACHED_COPY) {
      blockCache.keep(cached.get());
      return needs;
    }
    if (peek.isEmpty()) {
      Optional<IPAMBlock> stored = datastore.blocks().get(name);
      peek = usableCopy(stored, affineNode, reservations);
      if (peek.isEmpty()) {
        stored.ifPresent(blockCache::keep); // so that later requests skip it without a read
        return needs;
      }
    }
    int room = freeCount(peek.get(), usable(cidr, reservations));
    List<AssignWork> taken = new ArrayList<>(needs.subList(0, Math.min(room, needs.size())));
    List<AssignWork> rest = new ArrayList<>(needs.subList(taken.size(), needs.size()));
    countHandles(taken, cidr, 1);
    taken.removeIf(AssignWork::hasFailed);
    List<Placed> placed;
    try {
      placed = writeBlock(name, cidr, peek.get(), affineNode, taken, reservations);
    } catch (RuntimeException e) {
      countHandles(taken, cidr, -1);
      taken.forEach(w -> w.failed(e));
      return rest;
    }
    placed.forEach(p -> p.work().assigned(p.assignment()));
    // The block had less room than its copy showed (changed meanwhile): these try elsewhere.
    List<AssignWork> unplaced = new ArrayList<>(taken.subList(placed.size(), taken.size()));
    countHandles(unplaced, cidr, -1);
    unplaced.removeIf(AssignWork::hasFailed);
    unplaced.addAll(rest);
    return unplaced;
  }

  /**
   * Records addresses for the needs, in order, while the block has room, and writes the block once;
   * a lost compare-and-swap reads the block afresh and records them again.
   *
   * @return one address per need placed, the first needs first
   */
  private List<Placed> writeBlock(
      String name,
      Cidr cidr,
      IPAMBlock copy,
      String affineNode,
      List<AssignWork> needs,
      Reservations reservations) {
    if (needs.isEmpty()) {
      blockCache.keep(copy);
      return List.of();
    }
    IPAMBlock[] inHand = {copy};
    return retry.run(
        "assigning " + needs.size() + " addresses from block " + cidr,
        () -> {
          IPAMBlock block =
              inHand[0] != null ? inHand[0] : datastore.blocks().get(name).orElse(null);
          inHand[0] = null; // a retry reads afresh
          if (block == null || !isUsable(block, affineNode)) {
            return List.of();
          }
          BlockAllocations allocations = new BlockAllocations(block.getSpec());
          List<Placed> placed = new ArrayList<>();
          for (AssignWork w : needs) {
            Optional<BlockAllocations.Assigned> assigned =
                allocations.assign(w.handleId(), w.owner(), usable(cidr, reservations));
            if (assigned.isEmpty()) {
              break;
            }
            placed.add(
                new Placed(
                    w,
                    new Assignment(
                        assigned.get().address(), cidr, assigned.get().sequenceNumber())));
          }
          if (!placed.isEmpty()) {
            blockCache.update(block);
          }
          return placed;
        });
  }

  /**
   * Counts each request's addresses in the block in its handle; a failed write fails its request.
   */
  private void countHandles(List<AssignWork> needs, Cidr block, int sign) {
    Map<String, Integer> deltas = new LinkedHashMap<>();
    needs.forEach(w -> deltas.merge(w.handleId(), sign, Integer::sum));
    Map<String, RuntimeException> failures = handles.adjustAll(deltas, block);
    needs.forEach(
        w -> {
          RuntimeException e = failures.get(w.handleId());
          if (e != null) {
            w.failed(e);
          }
        });
  }

  private static boolean isUsable(IPAMBlock block, String affineNode) {
    return !block.getSpec().isDeleted()
        && (affineNode == null || affineNode.equals(BlockAllocations.affineNode(block.getSpec())));
  }

  private static IntPredicate usable(Cidr cidr, Reservations reservations) {
    return ordinal -> !reservations.contains(cidr.addressAt(ordinal));
  }

  private static int freeCount(IPAMBlock block, IntPredicate usable) {
    return (int) block.getSpec().getUnallocated().stream().filter(usable::test).count();
  }

  /** The copy, if it is usable by the node and has a free address. */
  private static Optional<IPAMBlock> usableCopy(
      Optional<IPAMBlock> copy, String affineNode, Reservations reservations) {
    return copy.filter(
        block ->
            isUsable(block, affineNode)
                && freeCount(block, usable(Cidr.parse(block.getSpec().getCidr()), reservations))
                    > 0);
  }

  private static AddressesExhaustedException exhausted(
      IpFamily family, AssignRequest request, List<Pool> pools, int held, IpamSettings settings) {
    return new AddressesExhaustedException(
        "no free "
            + family
            + " address for pod "
            + request.namespace()
            + "/"
            + request.pod()
            + " on node "
            + request.node()
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
}
