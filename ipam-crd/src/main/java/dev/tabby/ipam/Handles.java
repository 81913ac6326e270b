package dev.tabby.ipam;

import dev.tabby.api.v1.IPAMHandle;
import dev.tabby.api.v1.IPAMHandleSpec;
import dev.tabby.ipam.store.ConflictException;
import dev.tabby.ipam.store.ConflictRetry;
import dev.tabby.ipam.store.Datastore;
import dev.tabby.net.IpPrefix;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/** The per-block address counts of IPAMHandle objects, kept with compare-and-swap. */
final class Handles {
  private final Datastore datastore;
  private final ConflictRetry retry;
  private final Executor writers;

  /**
   * @param writers runs the writes of {@link #forEachConcurrently} side by side
   */
  Handles(Datastore datastore, ConflictRetry retry, Executor writers) {
    this.datastore = datastore;
    this.retry = retry;
    this.writers = writers;
  }

  Optional<IPAMHandle> get(String handleId) {
    return datastore.handles().get(Names.handle(handleId));
  }

  /** Adds {@code delta} to the handle's count for the block; a handle left with none is deleted. */
  void adjust(String handleId, IpPrefix block, int delta) {
    String name = Names.handle(handleId);
    if (delta > 0 && tryCreate(handleId, block, delta)) {
      return; // the common case: a new pod's first address
    }
    retry.run(
        "counting handle " + handleId + " in block " + block,
        () -> {
          Optional<IPAMHandle> current = datastore.handles().get(name);
          if (current.isEmpty()) {
            if (delta > 0) {
              datastore.handles().create(newHandle(handleId, block, delta));
            }
            return null;
          }
          IPAMHandle handle = current.get();
          finishDeletionIfMarked(handle);
          Map<String, Integer> counts = handle.getSpec().getBlock();
          int count = counts.getOrDefault(block.toString(), 0) + delta;
          if (count > 0) {
            counts.put(block.toString(), count);
          } else {
            counts.remove(block.toString());
          }
          if (counts.isEmpty()) {
            markDeletedAndDelete(handle);
          } else {
            datastore.handles().update(handle);
          }
          return null;
        });
  }

  /**
   * {@link #adjust} for many handles in one block, written side by side: each handle is its own
   * object, so their writes never conflict with each other, and one failing leaves the rest alone.
   *
   * @param deltas handle ID to the change of its count in the block
   * @return the handles whose write failed, with why
   */
  Map<String, RuntimeException> adjustAll(Map<String, Integer> deltas, IpPrefix block) {
    return forEachConcurrently(deltas.keySet(), id -> adjust(id, block, deltas.get(id)));
  }

  /** Runs {@code write} for every handle ID, side by side, and gathers the failures. */
  Map<String, RuntimeException> forEachConcurrently(
      Iterable<String> handleIds, Consumer<String> write) {
    Map<String, RuntimeException> failures = new LinkedHashMap<>();
    List<String> ids = new ArrayList<>();
    handleIds.forEach(ids::add);
    if (ids.size() == 1) { // nothing to overlap with: spare the hand-over to another thread
      try {
        write.accept(ids.get(0));
      } catch (RuntimeException e) {
        failures.put(ids.get(0), e);
      }
      return failures;
    }
    Map<String, CompletableFuture<Void>> pending = new LinkedHashMap<>();
    ids.forEach(id -> pending.put(id, CompletableFuture.runAsync(() -> write.accept(id), writers)));
    pending.forEach(
        (id, written) -> {
          try {
            written.join();
          } catch (CompletionException e) {
            failures.put(
                id, e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e));
          }
        });
    return failures;
  }

  private boolean tryCreate(String handleId, IpPrefix block, int count) {
    try {
      datastore.handles().create(newHandle(handleId, block, count));
      return true;
    } catch (ConflictException e) {
      return false;
    }
  }

  /**
   * Deletes the handle if it still is as read: the soft delete is the revision guard, since no
   * writer changes a handle marked deleted.
   */
  void markDeletedAndDelete(IPAMHandle handle) {
    handle.getSpec().setDeleted(true);
    datastore.handles().update(handle);
    datastore.handles().delete(handle.getMetadata().getName());
  }

  /**
   * A handle marked deleted is dead to every writer; whoever meets one (its deleter may have
   * stopped half-way) finishes the deletion and starts over.
   */
  void finishDeletionIfMarked(IPAMHandle handle) {
    if (handle.getSpec().isDeleted()) {
      datastore.handles().delete(handle.getMetadata().getName());
      throw new ConflictException(
          "IPAMHandle", handle.getMetadata().getName(), "was being deleted");
    }
  }

  private static IPAMHandle newHandle(String handleId, IpPrefix block, int count) {
    IPAMHandle handle = new IPAMHandle();
    handle.setMetadata(new ObjectMetaBuilder().withName(Names.handle(handleId)).build());
    IPAMHandleSpec spec = new IPAMHandleSpec(handleId);
    spec.getBlock().put(block.toString(), count);
    handle.setSpec(spec);
    return handle;
  }
}
