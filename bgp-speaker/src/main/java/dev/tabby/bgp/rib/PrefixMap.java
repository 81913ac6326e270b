package dev.tabby.bgp.rib;

import com.google.common.primitives.ImmutableLongArray;
import dev.tabby.bgp.wire.AddressFamily;
import dev.tabby.bgp.wire.Ipv4Prefixes;
import dev.tabby.bgp.wire.Prefix;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.RandomAccess;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.BiPredicate;
import java.util.function.Predicate;

/**
 * A map keyed by prefix that stores IPv4 prefixes under a primitive long ({@link
 * Prefix#packedIpv4()}), so the bulk of a routing table carries no key object at all; IPv6 prefixes
 * (rarer in a pod network, and 128 bits wide) use an ordinary hash map.
 *
 * <p>Not thread-safe: owned by the RIB thread.
 */
final class PrefixMap<V> {
  private final LongObjectMap<V> ipv4 = new LongObjectMap<>();
  private final Map<Prefix, V> ipv6 = new HashMap<>();

  /**
   * Reads ahead the slots of the IPv4 prefixes of a decoded UPDATE that are about to be looked up
   * one by one (see {@link LongObjectMap#touch}).
   */
  void touch(List<Prefix> prefixes) {
    if (prefixes instanceof Ipv4Prefixes packed) {
      ipv4.touch(packed::packed, packed.size());
    }
  }

  V get(Prefix prefix) {
    return prefix.isIpv6() ? ipv6.get(prefix) : ipv4.get(prefix.packedIpv4());
  }

  /** Maps the prefix to a non-null value, returning the previous value or null. */
  V put(Prefix prefix, V value) {
    return prefix.isIpv6() ? ipv6.put(prefix, value) : ipv4.put(prefix.packedIpv4(), value);
  }

  /**
   * Maps the prefix to the value unless it is mapped already; returns the value it had, or null.
   */
  V putIfAbsent(Prefix prefix, V value) {
    return prefix.isIpv6()
        ? ipv6.putIfAbsent(prefix, value)
        : ipv4.putIfAbsent(prefix.packedIpv4(), value);
  }

  /**
   * Replaces the prefix's value (null when absent) by {@code remap(value, argument)}, an IPv4
   * prefix in one lookup; a null result removes the prefix.
   *
   * @return the value before, or null when the prefix was absent
   */
  <A> V compute(Prefix prefix, A argument, BiFunction<? super V, ? super A, ? extends V> remap) {
    if (!prefix.isIpv6()) {
      return ipv4.compute(prefix.packedIpv4(), argument, remap);
    }
    V previous = ipv6.get(prefix);
    V next = remap.apply(previous, argument);
    if (next == null) {
      ipv6.remove(prefix);
    } else {
      ipv6.put(prefix, next);
    }
    return previous;
  }

  V remove(Prefix prefix) {
    return prefix.isIpv6() ? ipv6.remove(prefix) : ipv4.remove(prefix.packedIpv4());
  }

  int size() {
    return ipv4.size() + ipv6.size();
  }

  boolean isEmpty() {
    return size() == 0;
  }

  void clear() {
    ipv4.clear();
    ipv6.clear();
  }

  /** Empties the map, keeping room for as many IPv4 entries as it held (see LongObjectMap). */
  void clearKeepingRoom() {
    ipv4.clearKeepingRoom();
    ipv6.clear();
  }

  /** Removes every entry of one family, first handing each to the visitor. */
  void removeFamily(AddressFamily family, BiConsumer<Prefix, ? super V> visitor) {
    forEach(family, visitor);
    if (family == AddressFamily.IPV4_UNICAST) {
      ipv4.clear();
    } else {
      ipv6.clear();
    }
  }

  /**
   * The prefixes whose value passes the test, collected before the caller changes any of them: an
   * entry removed during a walk would let later ones move under it. IPv4 prefixes are held packed
   * and made one at a time as the list is read: a peer's full table is 8 MB of longs rather than
   * some 40 MB of prefix objects.
   */
  List<Prefix> prefixesWhere(Predicate<? super V> test) {
    ImmutableLongArray.Builder ipv4Matching = ImmutableLongArray.builder();
    ipv4.forEach(
        (packed, value) -> {
          if (test.test(value)) {
            ipv4Matching.add(packed);
          }
        });
    List<Prefix> ipv6Matching = new ArrayList<>();
    ipv6.forEach(
        (prefix, value) -> {
          if (test.test(value)) {
            ipv6Matching.add(prefix);
          }
        });
    return new CollectedPrefixes(ipv4Matching.build(), ipv6Matching);
  }

  /** IPv4 prefixes packed, then IPv6 prefixes, as one list. */
  private static final class CollectedPrefixes extends AbstractList<Prefix>
      implements RandomAccess {
    private final ImmutableLongArray ipv4;
    private final List<Prefix> ipv6;

    CollectedPrefixes(ImmutableLongArray ipv4, List<Prefix> ipv6) {
      this.ipv4 = ipv4;
      this.ipv6 = ipv6;
    }

    @Override
    public Prefix get(int index) {
      return index < ipv4.length()
          ? Prefix.ofPackedIpv4(ipv4.get(index))
          : ipv6.get(index - ipv4.length());
    }

    @Override
    public int size() {
      return ipv4.length() + ipv6.size();
    }
  }

  /**
   * The first {@code limit} prefixes after {@code after} (null: from the first), in prefix order
   * (IPv4 before IPv6), whose entry passes the test. One pass over the map with room for {@code
   * limit} prefixes: a listing goes through a big table a page at a time, neither sorting nor
   * copying it, and the test runs only for prefixes that could still make the page.
   */
  List<Prefix> firstAfter(Prefix after, int limit, BiPredicate<Prefix, ? super V> test) {
    List<Prefix> page = new ArrayList<>();
    if (after == null || !after.isIpv6()) {
      // Packed IPv4 prefixes are non-negative and sort like the prefixes.
      long floor = after == null ? -1 : after.packedIpv4();
      SmallestLongs smallest = new SmallestLongs(limit);
      ipv4.forEach(
          (packed, value) -> {
            if (packed > floor
                && smallest.wouldKeep(packed)
                && test.test(Prefix.ofPackedIpv4(packed), value)) {
              smallest.offer(packed);
            }
          });
      for (long packed : smallest.sorted()) {
        page.add(Prefix.ofPackedIpv4(packed));
      }
    }
    int room = limit - page.size();
    if (room > 0) {
      PriorityQueue<Prefix> largestFirst = new PriorityQueue<>(Comparator.reverseOrder());
      ipv6.forEach(
          (prefix, value) -> {
            boolean wouldKeep =
                largestFirst.size() < room || prefix.compareTo(largestFirst.peek()) < 0;
            if ((after == null || prefix.compareTo(after) > 0)
                && wouldKeep
                && test.test(prefix, value)) {
              largestFirst.add(prefix);
              if (largestFirst.size() > room) {
                largestFirst.poll();
              }
            }
          });
      List<Prefix> ipv6Page = new ArrayList<>(largestFirst);
      Collections.sort(ipv6Page);
      page.addAll(ipv6Page);
    }
    return page;
  }

  /** Visits every entry; IPv4 prefix objects are created on the fly. Do not modify meanwhile. */
  void forEach(BiConsumer<Prefix, ? super V> visitor) {
    forEach(AddressFamily.IPV4_UNICAST, visitor);
    forEach(AddressFamily.IPV6_UNICAST, visitor);
  }

  /**
   * Visits the entries of one family in prefix order. Do not modify the map meanwhile.
   *
   * <p>A peer's initial dump goes out in this order rather than in hash-slot order: the same table
   * is then the same UPDATE stream every time, and a receiver that keys its table by the same hash
   * as ours is not handed its keys in the order of its own slots, which would make its inserts walk
   * memory sequentially (and make a Tabby-to-Tabby transfer look faster than any other).
   */
  void forEachInPrefixOrder(AddressFamily family, BiConsumer<Prefix, ? super V> visitor) {
    if (family == AddressFamily.IPV4_UNICAST) {
      long[] packed = new long[ipv4.size()];
      int[] count = {0};
      ipv4.forEach((key, value) -> packed[count[0]++] = key);
      // Packed IPv4 prefixes are non-negative and sort like the prefixes.
      Arrays.sort(packed);
      for (long key : packed) {
        visitor.accept(Prefix.ofPackedIpv4(key), ipv4.get(key));
      }
    } else {
      new TreeMap<>(ipv6).forEach(visitor);
    }
  }

  /** Visits the entries of one family. Do not modify the map meanwhile. */
  void forEach(AddressFamily family, BiConsumer<Prefix, ? super V> visitor) {
    if (family == AddressFamily.IPV4_UNICAST) {
      ipv4.forEach((packed, value) -> visitor.accept(Prefix.ofPackedIpv4(packed), value));
    } else {
      ipv6.forEach(visitor);
    }
  }
}
