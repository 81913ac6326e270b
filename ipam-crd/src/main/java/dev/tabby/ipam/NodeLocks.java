package dev.tabby.ipam;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One lock per node. The node agent is the only writer for its node's blocks, so serialising its
 * IPAM work in memory means a burst of pods on one node never loses compare-and-swaps to itself.
 */
final class NodeLocks {
  private final ConcurrentMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();

  ReentrantLock forNode(String node) {
    return locks.computeIfAbsent(node, n -> new ReentrantLock());
  }
}
