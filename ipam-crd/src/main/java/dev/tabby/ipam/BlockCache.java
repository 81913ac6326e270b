package dev.tabby.ipam;

import dev.tabby.api.v1.IPAMBlock;
import dev.tabby.ipam.store.Datastore;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The last copy of each block this allocator wrote or read. A node is nearly the only writer of its
 * own blocks, so the copy is nearly always current and saves a read per assignment; when it is not,
 * the compare-and-swap fails and the caller reads afresh. A copy is handed to one caller at a time
 * (taken out, put back after a successful write), so no two threads ever mutate the same object.
 */
final class BlockCache {
  private final Datastore datastore;
  private final ConcurrentMap<String, IPAMBlock> copies = new ConcurrentHashMap<>();

  BlockCache(Datastore datastore) {
    this.datastore = datastore;
  }

  /** Takes the cached copy out, if there is one. */
  Optional<IPAMBlock> takeCached(String name) {
    return Optional.ofNullable(copies.remove(name));
  }

  /**
   * One attempt of a read-modify-write of the block that spares the read when a cached copy
   * suffices: the step runs on the cached copy first, and again on a fresh read only if it wrote
   * nothing, because a stale copy may show nothing to do where the stored block has something. A
   * write from a stale copy loses its compare-and-swap, and the caller's retry reads afresh.
   *
   * @param step given the block (empty if it does not exist)
   * @param wrote whether the step's answer means it wrote the block
   */
  <T> T attempt(String name, Function<Optional<IPAMBlock>, T> step, Predicate<T> wrote) {
    Optional<IPAMBlock> cached = takeCached(name);
    if (cached.isPresent()) {
      T answer = step.apply(cached);
      if (wrote.test(answer)) {
        return answer;
      }
    }
    return step.apply(datastore.blocks().get(name));
  }

  /** Writes the block (compare-and-swap) and keeps the written copy. */
  void update(IPAMBlock block) {
    keep(datastore.blocks().update(block));
  }

  /** Keeps a copy as read or written (a caller that took it out and did not change it). */
  void keep(IPAMBlock block) {
    copies.put(block.getMetadata().getName(), block);
  }
}
