package dev.tabby.bgp.rib;

import java.util.Arrays;
import java.util.function.BiFunction;
import java.util.function.IntToLongFunction;

/**
 * A hash map from primitive {@code long} keys to non-null values: open addressing with linear
 * probing and backward-shift deletion, so a million IPv4 routes cost two flat arrays rather than a
 * boxed {@code Long} and an entry object per route.
 *
 * <p>Not thread-safe; the RIB thread is its only user. Must not be modified while {@link
 * #forEach(Visitor)} runs.
 */
final class LongObjectMap<V> {
  /** Receives each entry of a {@link #forEach(Visitor)}. */
  @FunctionalInterface
  interface Visitor<V> {
    void visit(long key, V value);
  }

  private static final int MIN_CAPACITY = 16;

  private long[] keys;
  // A null value marks a free slot, which is why values may not be null.
  private Object[] values;
  private int size;
  private int mask;
  private int resizeAt;

  /** Where {@link #touch} leaves what it read, so that the JIT keeps the reads. */
  private long touched;

  LongObjectMap() {
    allocate(MIN_CAPACITY);
  }

  int size() {
    return size;
  }

  boolean isEmpty() {
    return size == 0;
  }

  /** The value for the key, or null. */
  V get(long key) {
    return valueAt(probe(key));
  }

  /** Maps the key to the value, returning the previous value or null. */
  V put(long key, V value) {
    requireValue(key, value);
    return compute(key, value, (previous, given) -> given);
  }

  /** Maps the key to the value unless it is mapped already; returns the value it had, or null. */
  V putIfAbsent(long key, V value) {
    requireValue(key, value);
    return compute(key, value, (previous, given) -> previous != null ? previous : given);
  }

  /**
   * Replaces the key's value (null when absent) by {@code remap(value, argument)} in one lookup: a
   * null result removes the key. The argument spares the caller a capturing lambda per call.
   *
   * @return the value before, or null when the key was absent
   */
  <A> V compute(long key, A argument, BiFunction<? super V, ? super A, ? extends V> remap) {
    int slot = probe(key);
    V previous = valueAt(slot);
    V next = remap.apply(previous, argument);
    if (next == null) {
      if (previous != null) {
        closeGap(slot);
        size--;
      }
    } else if (previous == null) {
      insert(slot, key, next);
    } else {
      values[slot] = next;
    }
    return previous;
  }

  /**
   * Reads the home slot of each key, changing nothing, so that lookups of the same keys that follow
   * soon find their slots in the CPU's cache.
   *
   * <p>Why: a big table's slots are far apart in memory, and keys that arrive in an order unrelated
   * to our hash (a peer's UPDATEs follow its own table's order) make every lookup a cache miss of
   * some 100 ns, half of the RIB thread's time during a table load. Lookups one after another wait
   * for each miss in turn: a lookup's work depends on what it read. These reads depend on nothing
   * read before, so the processor has many of them under way at once.
   */
  void touch(IntToLongFunction key, int count) {
    long read = 0;
    for (int i = 0; i < count; i++) {
      int slot = slotOf(key.applyAsLong(i));
      read += this.keys[slot] + (values[slot] == null ? 0 : 1);
    }
    touched = read;
  }

  /** Removes the key, returning its value or null when it was absent. */
  V remove(long key) {
    int slot = probe(key);
    V previous = valueAt(slot);
    if (previous != null) {
      closeGap(slot);
      size--;
    }
    return previous;
  }

  void clear() {
    allocate(MIN_CAPACITY);
    size = 0;
  }

  /**
   * Empties the map but keeps room for as many entries as it held, for a map that is filled to
   * about the same size again and again (the RIB's changed prefixes, flush after flush during a
   * table load), which would otherwise regrow from {@value #MIN_CAPACITY} slots each time. A map
   * emptied with few entries shrinks back, so one big load does not pin its room for ever.
   */
  void clearKeepingRoom() {
    int capacity = capacityFor(size);
    if (capacity < keys.length) {
      allocate(capacity);
    } else {
      Arrays.fill(values, null);
    }
    size = 0;
  }

  void forEach(Visitor<? super V> visitor) {
    for (int slot = 0; slot < values.length; slot++) {
      if (values[slot] != null) {
        visitor.visit(keys[slot], valueAt(slot));
      }
    }
  }

  /**
   * Backward-shift deletion: moves later members of the probe run into the freed slot so lookups
   * never need tombstones.
   */
  private void closeGap(int freed) {
    int gap = freed;
    for (int slot = (gap + 1) & mask; values[slot] != null; slot = (slot + 1) & mask) {
      int home = slotOf(keys[slot]);
      // The entry may move back to the gap only if its home is not inside (gap, slot].
      boolean homeInsideRun = gap <= slot ? gap < home && home <= slot : gap < home || home <= slot;
      if (!homeInsideRun) {
        keys[gap] = keys[slot];
        values[gap] = values[slot];
        gap = slot;
      }
    }
    values[gap] = null;
  }

  /**
   * The slot that holds the key or, when it is absent, the free slot that ends its probe run (where
   * it would be inserted).
   */
  private int probe(long key) {
    int slot = slotOf(key);
    while (values[slot] != null && keys[slot] != key) {
      slot = (slot + 1) & mask;
    }
    return slot;
  }

  private static void requireValue(long key, Object value) {
    if (value == null) {
      throw new IllegalArgumentException("LongObjectMap values must not be null (key " + key + ")");
    }
  }

  /** Stores a new entry in {@code slot}, the free slot that ended the key's probe run. */
  private void insert(int slot, long key, V value) {
    keys[slot] = key;
    values[slot] = value;
    if (++size > resizeAt) {
      rehash(keys.length * 2);
    }
  }

  /** The smallest capacity that holds {@code entries} without growing. */
  private static int capacityFor(int entries) {
    int capacity = MIN_CAPACITY;
    while (capacity / 3 * 2 < entries) {
      capacity *= 2;
    }
    return capacity;
  }

  private void rehash(int capacity) {
    long[] oldKeys = keys;
    Object[] oldValues = values;
    allocate(capacity);
    for (int i = 0; i < oldValues.length; i++) {
      if (oldValues[i] != null) {
        int slot = slotOf(oldKeys[i]);
        while (values[slot] != null) {
          slot = (slot + 1) & mask;
        }
        keys[slot] = oldKeys[i];
        values[slot] = oldValues[i];
      }
    }
  }

  private void allocate(int capacity) {
    keys = new long[capacity];
    values = new Object[capacity];
    mask = capacity - 1;
    // Load factor 2/3 keeps linear-probe runs short while wasting at most a third of the slots.
    resizeAt = capacity / 3 * 2;
  }

  private int slotOf(long key) {
    long mixed = key * 0x9E37_79B9_7F4A_7C15L;
    return (int) (mixed ^ (mixed >>> 32)) & mask;
  }

  @SuppressWarnings("unchecked")
  private V valueAt(int slot) {
    return (V) values[slot];
  }

  @Override
  public String toString() {
    return "LongObjectMap[size=" + size + ", capacity=" + keys.length + "]";
  }
}
