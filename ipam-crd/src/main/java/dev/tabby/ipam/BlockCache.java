package dev.tabby.ipam;

import dev.tabby.ipam.store.Datastore;
import dev.tabby.ipam.v1.IPAMBlock;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The last copy of each block this allocator wrote. A node is nearly the only writer of its own
 * blocks, so the copy is nearly always current and saves a read per assignment; when it is not, the
 * compare-and-swap fails and the caller reads afresh. A copy is handed to one caller at a time
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

  /** Writes the block (compare-and-swap) and keeps the written copy. */
  void update(IPAMBlock block) {
    IPAMBlock written = datastore.blocks().update(block);
    copies.put(written.getMetadata().getName(), written);
  }
}
