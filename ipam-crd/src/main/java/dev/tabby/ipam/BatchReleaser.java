package dev.tabby.ipam;

import dev.tabby.api.v1.IPAMBlock;
import dev.tabby.api.v1.IPAMHandle;
import dev.tabby.ipam.BlockAllocations.Allocation;
import dev.tabby.ipam.BlockAllocations.ReleaseOutcome;
import dev.tabby.ipam.store.ConflictException;
import dev.tabby.ipam.store.ConflictRetry;
import dev.tabby.net.IpAddress;
import dev.tabby.net.IpPrefix;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Releases a batch of addresses, or of handles, with one compare-and-swap per block they are in.
 * Calico's order: the block gives the addresses up first, then the handles are counted down (or
 * deleted), so a handle never counts fewer addresses than its blocks hold.
 */
final class BatchReleaser {
  private static final Logger log = LoggerFactory.getLogger(BatchReleaser.class);

  private final ConflictRetry retry;
  private final Handles handles;
  private final BlockCache blockCache;

  BatchReleaser(ConflictRetry retry, Handles handles, BlockCache blockCache) {
    this.retry = retry;
    this.handles = handles;
    this.blockCache = blockCache;
  }

  /** Releases each address (or its one assignment) and answers every request. */
  void releaseAddresses(List<AddressRelease> batch) {
    Map<IpPrefix, List<AddressRelease>> byBlock = new LinkedHashMap<>();
    for (AddressRelease w : batch) {
      if (w.block().isEmpty()) {
        w.succeed(ReleaseOutcome.NOT_ALLOCATED);
      } else {
        byBlock.computeIfAbsent(w.block().get(), b -> new ArrayList<>()).add(w);
      }
    }
    byBlock.forEach(this::releaseAddressesInBlock);
  }

  /** What a release did to one address, and whose it was. */
  private record Outcome(ReleaseOutcome outcome, String handleId) {}

  private void releaseAddressesInBlock(IpPrefix cidr, List<AddressRelease> works) {
    List<Outcome> outcomes;
    try {
      outcomes =
          retry.run(
              "releasing " + works.size() + " addresses in block " + cidr,
              () ->
                  blockCache.attempt(
                      Names.block(cidr),
                      stored -> releaseInCopy(stored, works),
                      done -> done.stream().anyMatch(o -> o.handleId() != null)));
    } catch (RuntimeException e) {
      works.forEach(w -> w.fail(e));
      return;
    }
    Map<String, Integer> countDown = new LinkedHashMap<>();
    outcomes.stream()
        .filter(o -> o.handleId() != null)
        .forEach(o -> countDown.merge(o.handleId(), -1, Integer::sum));
    Map<String, RuntimeException> failures = handles.adjustAll(countDown, cidr);
    for (int i = 0; i < works.size(); i++) {
      Outcome o = outcomes.get(i);
      RuntimeException failure = o.handleId() == null ? null : failures.get(o.handleId());
      if (failure != null) {
        works.get(i).fail(failure);
      } else {
        works.get(i).succeed(o.outcome());
      }
    }
  }

  /** Releases the addresses in the copy and writes it if anything was released. */
  private List<Outcome> releaseInCopy(Optional<IPAMBlock> stored, List<AddressRelease> works) {
    List<Outcome> outcomes = new ArrayList<>();
    if (stored.isEmpty()) {
      works.forEach(w -> outcomes.add(new Outcome(ReleaseOutcome.NOT_ALLOCATED, null)));
      return outcomes;
    }
    IPAMBlock block = stored.get();
    BlockAllocations allocations = new BlockAllocations(block.getSpec());
    Map<IpAddress, Allocation> holders = allocations.allocations();
    for (AddressRelease w : works) {
      ReleaseOutcome outcome = allocations.release(w.address(), w.sequenceNumber());
      outcomes.add(
          new Outcome(
              outcome,
              outcome == ReleaseOutcome.RELEASED ? holders.get(w.address()).handleId() : null));
    }
    if (outcomes.stream().anyMatch(o -> o.handleId() != null)) {
      blockCache.update(block);
    }
    return outcomes;
  }

  /**
   * Releases every address of each handle and deletes the handles, answering every request with the
   * addresses released. The same handle asked for twice is released once; the second request finds
   * nothing, as a repeated release does.
   */
  void releaseHandles(List<HandleRelease> batch) {
    Map<String, HandleRelease> byId = new LinkedHashMap<>();
    for (HandleRelease w : batch) {
      if (byId.putIfAbsent(w.handleId(), w) != null) {
        w.succeed(List.of());
      }
    }
    Map<IpPrefix, Set<String>> idsByBlock = new LinkedHashMap<>();
    for (HandleRelease w : byId.values()) {
      for (String block : w.handle().getSpec().getBlock().keySet()) {
        idsByBlock.computeIfAbsent(IpPrefix.parse(block), c -> new HashSet<>()).add(w.handleId());
      }
    }
    Map<String, List<IpAddress>> released = new HashMap<>();
    Map<String, RuntimeException> failures = new HashMap<>();
    idsByBlock.forEach(
        (cidr, ids) -> {
          try {
            releaseHandlesInBlock(cidr, ids)
                .forEach(
                    (id, addresses) ->
                        released.computeIfAbsent(id, i -> new ArrayList<>()).addAll(addresses));
          } catch (RuntimeException e) {
            ids.forEach(id -> failures.putIfAbsent(id, e));
          }
        });
    List<String> toDelete = byId.keySet().stream().filter(id -> !failures.containsKey(id)).toList();
    toDelete.forEach(id -> released.computeIfAbsent(id, i -> new ArrayList<>()));
    failures.putAll(
        handles.forEachConcurrently(
            toDelete, id -> deleteOrStartOver(byId.get(id).handle(), released.get(id))));
    byId.forEach(
        (id, w) -> {
          RuntimeException failure = failures.get(id);
          if (failure != null) {
            w.fail(failure);
          } else {
            log.debug("released {} of handle {}", released.get(id), id);
            w.succeed(List.copyOf(released.get(id)));
          }
        });
  }

  /**
   * Deletes the handle as read; if it changed since (an assignment under the same handle came in
   * between), releases it afresh from what it holds now.
   */
  private void deleteOrStartOver(IPAMHandle asRead, List<IpAddress> released) {
    try {
      handles.markDeletedAndDelete(asRead);
    } catch (ConflictException e) {
      released.addAll(releaseHandle(asRead.getSpec().getHandleID()));
    }
  }

  /** Releases one handle, reading it afresh on every attempt. */
  private List<IpAddress> releaseHandle(String handleId) {
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
            released.addAll(
                releaseHandlesInBlock(IpPrefix.parse(block), Set.of(handleId))
                    .getOrDefault(handleId, List.of()));
          }
          handles.markDeletedAndDelete(handle);
          return null;
        });
    return released;
  }

  /** Releases every address the handles hold in the block, in one write; by handle ID. */
  private Map<String, List<IpAddress>> releaseHandlesInBlock(IpPrefix cidr, Set<String> handleIds) {
    return retry.run(
        "releasing " + handleIds.size() + " handles in block " + cidr,
        () ->
            blockCache.attempt(
                Names.block(cidr),
                found -> {
                  Map<String, List<IpAddress>> mine = new HashMap<>();
                  if (found.isEmpty()) {
                    return mine;
                  }
                  IPAMBlock block = found.get();
                  BlockAllocations allocations = new BlockAllocations(block.getSpec());
                  allocations.allocations().values().stream()
                      .filter(a -> handleIds.contains(a.handleId()))
                      .forEach(
                          a ->
                              mine.computeIfAbsent(a.handleId(), id -> new ArrayList<>())
                                  .add(a.address()));
                  if (mine.isEmpty()) {
                    return mine;
                  }
                  mine.values().forEach(list -> list.forEach(a -> allocations.release(a, null)));
                  blockCache.update(block);
                  return mine;
                },
                mine -> !mine.isEmpty()));
  }
}
