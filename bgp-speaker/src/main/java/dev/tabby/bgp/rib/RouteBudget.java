package dev.tabby.bgp.rib;

/**
 * How much the RIB may hold before a peer that brings more is torn down (Cease, Maximum Number of
 * Prefixes Reached): the speaker's last line of defence against running out of memory, under any
 * per-peer limit, so that a flood from a peer nobody gave a limit cannot sink the node.
 *
 * <p>The RIB counts routes (one per prefix and peer it holds a path from, originated ones included)
 * and distinct attribute sets, each weighing {@link #ATTRIBUTE_SET_WEIGHT} routes: a flood of
 * prefixes that each carry attributes of their own costs far more per prefix than a table that
 * shares a few sets.
 */
public final class RouteBudget {

  /**
   * Heap per route, generous: a full table held from one peer grows the live heap by 29-42 bytes
   * per route (bgp-speaker/README.md), and the table's map briefly holds its old and new arrays
   * while it grows; each peer the table is sent to holds its Adj-RIB-Out besides.
   */
  static final long BYTES_PER_ROUTE = 128;

  /** Heap kept for everything but routes: sessions' buffers, decoded UPDATEs, the JIT's data. */
  static final long RESERVED_BYTES = 64L << 20;

  /** What one distinct attribute set (its attributes, its shared route, their maps) counts as. */
  static final int ATTRIBUTE_SET_WEIGHT = 8;

  /** The smallest budget derived from a heap, however small. */
  static final long MIN_ROUTES = 10_000;

  private RouteBudget() {}

  /** The budget for a heap of {@code maxHeapBytes} (as {@link Runtime#maxMemory()} says). */
  public static long forHeap(long maxHeapBytes) {
    return Math.max(MIN_ROUTES, (maxHeapBytes - RESERVED_BYTES) / BYTES_PER_ROUTE);
  }

  /** The budget for this JVM's maximum heap. */
  public static long forThisHeap() {
    return forHeap(Runtime.getRuntime().maxMemory());
  }
}
