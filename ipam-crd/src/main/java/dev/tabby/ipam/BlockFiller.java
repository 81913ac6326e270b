package dev.tabby.ipam;

import dev.tabby.api.v1.IPAMBlock;
import dev.tabby.ipam.store.ConflictRetry;
import dev.tabby.ipam.store.Datastore;
import dev.tabby.net.IpPrefix;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntPredicate;

/**
 * Gives a batch's requests addresses from one block with one compare-and-swap of the block. Crash
 * safety as for a single request: every request's handle is counted in the block before the block
 * records its address, so a release by handle always finds it.
 */
final class BlockFiller {
  private final Datastore datastore;
  private final ConflictRetry retry;
  private final Handles handles;
  private final BlockCache blockCache;

  BlockFiller(Datastore datastore, ConflictRetry retry, Handles handles, BlockCache blockCache) {
    this.datastore = datastore;
    this.retry = retry;
    this.handles = handles;
    this.blockCache = blockCache;
  }

  /** Whether a block copy in hand that shows no free address is believed without a read. */
  enum BlockRead {
    /** Believed: a node fills its blocks one after another, and skips the full ones cheaply. */
    CACHED_COPY,
    /** Read the stored block: the copy may predate a release by another writer. */
    STORED
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
  List<AssignWork> fill(
      IpPrefix cidr,
      String affineNode,
      List<AssignWork> needs,
      Reservations reservations,
      BlockRead read) {
    String name = Names.block(cidr);
    Optional<IPAMBlock> peek;
    try {
      peek = copyWithRoom(name, affineNode, reservations, read);
    } catch (RuntimeException e) {
      // The block could not be read: the needs still waiting fail; those served keep theirs.
      needs.forEach(w -> w.failed(e));
      return List.of();
    }
    if (peek.isEmpty()) {
      return needs;
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

  /** A copy of the block, taken out of the cache, if it is usable and has room; else empty. */
  private Optional<IPAMBlock> copyWithRoom(
      String name, String affineNode, Reservations reservations, BlockRead read) {
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
      }
    }
    return peek;
  }

  /**
   * Records addresses for the needs, in order, while the block has room, and writes the block once;
   * a lost compare-and-swap reads the block afresh and records them again.
   *
   * @return one address per need placed, the first needs first
   */
  private List<Placed> writeBlock(
      String name,
      IpPrefix cidr,
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
  private void countHandles(List<AssignWork> needs, IpPrefix block, int sign) {
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

  private static IntPredicate usable(IpPrefix cidr, Reservations reservations) {
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
                && freeCount(block, usable(IpPrefix.parse(block.getSpec().getCidr()), reservations))
                    > 0);
  }
}
