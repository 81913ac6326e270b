package dev.tabby.dataplane;

import dev.tabby.net.IpFamily;
import dev.tabby.net.IpPrefix;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Routes by key, held compactly for full tables. A route is split into its destination, kept as
 * primitives in open-addressing arrays, and its shape (family, type, next hops, table, protocol,
 * metric, MTU, source), kept once for all the routes that share it: a million routes learned from
 * one peer are one shape and 20 to 40 bytes each in two arrays, which the garbage collector moves
 * without tracing, instead of half a dozen objects per route. {@link #get} builds the route anew.
 *
 * <p>Thread-safe: each call is atomic; {@link #forEach} holds the table while it runs.
 */
public final class RouteTable {
  private static final int MIN_CAPACITY = 16;
  private static final int EMPTY = 0;

  private static final IpPrefix IPV4_ANY = IpPrefix.parse("0.0.0.0/0");
  private static final IpPrefix IPV6_ANY = IpPrefix.parse("::/0");

  // Interned shapes: a shape is a route with its family's 0/0 as destination. Slots hold an id + 1
  // (0 is an empty slot); a shape no route uses any more gives its id back.
  private final Map<Route, Integer> shapeIds = new HashMap<>();
  private final List<Route> shapes = new ArrayList<>();
  private int[] shapeUses = new int[4];
  private final List<Integer> freeShapeIds = new ArrayList<>();
  private int lastShapeId = -1;

  // Linear probing; a removal shifts the rest of its run back, so there are no tombstones. A slot
  // is two longs of its destination's address in addresses and, in entries, its shape's id + 1
  // above the prefix length (0: empty).
  private long[] addresses;
  private int[] entries;
  private int size;

  public RouteTable() {
    allocate(MIN_CAPACITY);
  }

  public synchronized int size() {
    return size;
  }

  public synchronized boolean isEmpty() {
    return size == 0;
  }

  /** The route with this key, or null. */
  public synchronized Route get(RouteKey key) {
    int slot = probe(key.destination(), key.table(), key.metric());
    return entries[slot] == EMPTY ? null : routeAt(slot);
  }

  /** Adds the route, or replaces the one with its key; returns the one replaced, or null. */
  public synchronized Route put(Route route) {
    if (size + 1 > entries.length * 3 / 4) {
      allocateAndRehash(entries.length * 2);
    }
    IpPrefix destination = route.destination();
    int slot = probe(destination, route.table(), route.metric());
    int id = intern(route);
    if (entries[slot] != EMPTY) {
      Route replaced = routeAt(slot);
      release(shapeIdAt(slot));
      entries[slot] = entry(id, destination.length());
      return replaced;
    }
    addresses[2 * slot] = destination.highBits();
    addresses[2 * slot + 1] = destination.lowBits();
    entries[slot] = entry(id, destination.length());
    size++;
    return null;
  }

  /** Removes the route with this key; returns it, or null if there was none. */
  public synchronized Route remove(RouteKey key) {
    int slot = probe(key.destination(), key.table(), key.metric());
    if (entries[slot] == EMPTY) {
      return null;
    }
    Route removed = routeAt(slot);
    release(shapeIdAt(slot));
    closeGap(slot);
    size--;
    if (size < entries.length / 8 && entries.length > MIN_CAPACITY) {
      allocateAndRehash(entries.length / 2);
    }
    return removed;
  }

  /** Calls the action with every route, in no order; the table must not be changed meanwhile. */
  public synchronized void forEach(Consumer<Route> action) {
    for (int slot = 0; slot < entries.length; slot++) {
      if (entries[slot] != EMPTY) {
        action.accept(routeAt(slot));
      }
    }
  }

  /** A copy of the routes by key. */
  public synchronized Map<RouteKey, Route> toMap() {
    Map<RouteKey, Route> copy = new HashMap<>(size * 2);
    forEach(route -> copy.put(route.key(), route));
    return copy;
  }

  // ---- slots ----

  /** The slot holding the key, or the empty slot where it would go. */
  private int probe(IpPrefix destination, int table, int metric) {
    long high = destination.highBits();
    long low = destination.lowBits();
    int length = destination.length();
    IpFamily family = destination.family();
    int mask = entries.length - 1;
    int slot = home(high, low, length, family, table, metric);
    for (int entry = entries[slot];
        entry != EMPTY;
        slot = (slot + 1) & mask, entry = entries[slot]) {
      if ((entry & 0xff) == length
          && addresses[2 * slot + 1] == low
          && addresses[2 * slot] == high) {
        Route shape = shapes.get((entry >>> 8) - 1);
        if (shape.table() == table
            && shape.metric() == metric
            && shape.destination().family() == family) {
          break;
        }
      }
    }
    return slot;
  }

  private int home(long high, long low, int length, IpFamily family, int table, int metric) {
    long hash = high * 0x9E3779B97F4A7C15L ^ low;
    hash =
        (hash ^ ((long) table << 40 | (long) metric << 9 | length << 1 | family.ordinal()))
            * 0xBF58476D1CE4E5B9L;
    hash ^= hash >>> 31;
    hash *= 0x94D049BB133111EBL;
    hash ^= hash >>> 29;
    return (int) hash & (entries.length - 1);
  }

  private int homeOf(int slot) {
    return homeOf(addresses[2 * slot], addresses[2 * slot + 1], entries[slot]);
  }

  private int homeOf(long high, long low, int entry) {
    Route shape = shapes.get((entry >>> 8) - 1);
    return home(
        high, low, entry & 0xff, shape.destination().family(), shape.table(), shape.metric());
  }

  private static int entry(int shapeId, int length) {
    return (shapeId + 1) << 8 | length;
  }

  private int shapeIdAt(int slot) {
    return (entries[slot] >>> 8) - 1;
  }

  private Route routeAt(int slot) {
    Route shape = shapes.get(shapeIdAt(slot));
    int length = entries[slot] & 0xff;
    IpPrefix destination =
        shape.destination().isIpv4()
            ? IpPrefix.ipv4((int) addresses[2 * slot + 1], length)
            : IpPrefix.ipv6(addresses[2 * slot], addresses[2 * slot + 1], length);
    return shape.withDestination(destination);
  }

  /** Empties a slot and moves back the entries after it that would otherwise be cut off. */
  private void closeGap(int gap) {
    int mask = entries.length - 1;
    for (int slot = (gap + 1) & mask; entries[slot] != EMPTY; slot = (slot + 1) & mask) {
      int home = homeOf(slot);
      // The entry may fill the gap if its home is not in the cyclic range (gap, slot].
      boolean homeAfterGap = gap <= slot ? gap < home && home <= slot : gap < home || home <= slot;
      if (!homeAfterGap) {
        moveSlot(slot, gap);
        gap = slot;
      }
    }
    entries[gap] = EMPTY;
  }

  private void moveSlot(int from, int to) {
    addresses[2 * to] = addresses[2 * from];
    addresses[2 * to + 1] = addresses[2 * from + 1];
    entries[to] = entries[from];
  }

  private void allocate(int capacity) {
    addresses = new long[2 * capacity];
    entries = new int[capacity];
  }

  private void allocateAndRehash(int capacity) {
    long[] oldAddresses = addresses;
    int[] oldEntries = entries;
    allocate(capacity);
    int mask = capacity - 1;
    for (int old = 0; old < oldEntries.length; old++) {
      int entry = oldEntries[old];
      if (entry == EMPTY) {
        continue;
      }
      long high = oldAddresses[2 * old];
      long low = oldAddresses[2 * old + 1];
      int slot = homeOf(high, low, entry);
      while (entries[slot] != EMPTY) {
        slot = (slot + 1) & mask;
      }
      addresses[2 * slot] = high;
      addresses[2 * slot + 1] = low;
      entries[slot] = entry;
    }
  }

  // ---- shapes ----

  /**
   * The id of the route's shape, made known if new. A full table's routes mostly share the shape of
   * the route before them, often with the very same list of next hops: that is checked first,
   * without building or hashing a shape.
   */
  private int intern(Route route) {
    if (lastShapeId >= 0) {
      Route last = shapes.get(lastShapeId);
      if (last != null
          && last.nextHops() == route.nextHops()
          && last.metric() == route.metric()
          && last.table() == route.table()
          && last.protocol() == route.protocol()
          && last.type() == route.type()
          && last.mtu() == route.mtu()
          && last.destination().family() == route.destination().family()
          && Objects.equals(last.source(), route.source())) {
        shapeUses[lastShapeId]++;
        return lastShapeId;
      }
    }
    lastShapeId =
        internShape(route.withDestination(route.destination().isIpv4() ? IPV4_ANY : IPV6_ANY));
    return lastShapeId;
  }

  private int internShape(Route shape) {
    Integer known = shapeIds.get(shape);
    int id;
    if (known != null) {
      id = known;
    } else if (!freeShapeIds.isEmpty()) {
      id = freeShapeIds.remove(freeShapeIds.size() - 1);
      shapes.set(id, shape);
      shapeIds.put(shape, id);
    } else {
      id = shapes.size();
      shapes.add(shape);
      shapeIds.put(shape, id);
      if (id == shapeUses.length) {
        shapeUses = Arrays.copyOf(shapeUses, id * 2);
      }
    }
    shapeUses[id]++;
    return id;
  }

  private void release(int id) {
    if (--shapeUses[id] == 0) {
      shapeIds.remove(shapes.get(id));
      shapes.set(id, null);
      freeShapeIds.add(id);
    }
  }
}
