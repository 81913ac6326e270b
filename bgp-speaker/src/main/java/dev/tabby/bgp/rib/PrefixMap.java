package dev.tabby.bgp.rib;

import com.google.common.primitives.ImmutableLongArray;
import dev.tabby.bgp.wire.AddressFamily;
import dev.tabby.bgp.wire.Ipv4Prefixes;
import dev.tabby.bgp.wire.PackedIpv4;
import dev.tabby.net.IpPrefix;
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
 * A map keyed by prefix that stores IPv4 prefixes under a primitive long ({@link PackedIpv4}), so
 * the bulk of a routing table carries no key object at all; IPv6 prefixes (rarer in a pod network,
 * and 128 bits wide) use an ordinary hash map.
 *
 * <p>Not thread-safe: owned by the RIB thread.
 */
final class PrefixMap<V> {
  private final LongObjectMap<V> ipv4 = new LongObjectMap<>();
  private final Map<IpPrefix, V> ipv6 = new HashMap<>();

  /**
   * Reads ahead the slots of the IPv4 prefixes of a decoded UPDATE that are about to be looked up
   * one by one (see {@link LongObjectMap#touch}).
   */
  void touch(List<IpPrefix> prefixes) {
    if (prefixes instanceof Ipv4Prefixes packed) {
      ipv4.touch(packed::packed, packed.size());
    }
  }

  V get(IpPrefix prefix) {
    return prefix.isIpv6() ? ipv6.get(prefix) : ipv4.get(PackedIpv4.of(prefix));
  }

  /** Maps the prefix to a non-null value, returning the previous value or null. */
  V put(IpPrefix prefix, V value) {
    return prefix.isIpv6() ? ipv6.put(prefix, value) : ipv4.put(PackedIpv4.of(prefix), value);
  }

  /**
   * Maps the prefix to the value unless it is mapped already; returns the value it had, or null.
   */
  V putIfAbsent(IpPrefix prefix, V value) {
    return prefix.isIpv6()
        ? ipv6.putIfAbsent(prefix, value)
        : ipv4.putIfAbsent(PackedIpv4.of(prefix), value);
  }

  /**
   * Replaces the prefix's value (null when absent) by {@code remap(value, argument)}, an IPv4
   * prefix in one lookup; a null result removes the prefix.
   *
   * @return the value before, or null when the prefix was absent
   */
  <A> V compute(IpPrefix prefix, A argument, BiFunction<? super V, ? super A, ? extends V> remap) {
    if (!prefix.isIpv6()) {
      return ipv4.compute(PackedIpv4.of(prefix), argument, remap);
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

  V remove(IpPrefix prefix) {
    return prefix.isIpv6() ? ipv6.remove(prefix) : ipv4.remove(PackedIpv4.of(prefix));
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
  void removeFamily(AddressFamily family, BiConsumer<IpPrefix, ? super V> visitor) {
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
  List<IpPrefix> prefixesWhere(Predicate<? super V> test) {
    ImmutableLongArray.Builder ipv4Matching = ImmutableLongArray.builder();
    ipv4.forEach(
        (packed, value) -> {
          if (test.test(value)) {
            ipv4Matching.add(packed);
          }
        });
    List<IpPrefix> ipv6Matching = new ArrayList<>();
    ipv6.forEach(
        (prefix, value) -> {
          if (test.test(value)) {
            ipv6Matching.add(prefix);
          }
        });
    return new CollectedPrefixes(ipv4Matching.build(), ipv6Matching);
  }

  /** IPv4 prefixes packed, then IPv6 prefixes, as one list. */
  private static final class CollectedPrefixes extends AbstractList<IpPrefix>
      implements RandomAccess {
    private final ImmutableLongArray ipv4;
    private final List<IpPrefix> ipv6;

    CollectedPrefixes(ImmutableLongArray ipv4, List<IpPrefix> ipv6) {
      this.ipv4 = ipv4;
      this.ipv6 = ipv6;
    }

    @Override
    public IpPrefix get(int index) {
      return index < ipv4.length()
          ? PackedIpv4.toPrefix(ipv4.get(index))
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
  List<IpPrefix> firstAfter(IpPrefix after, int limit, BiPredicate<IpPrefix, ? super V> test) {
    List<IpPrefix> page = new ArrayList<>();
    if (after == null || !after.isIpv6()) {
      // Packed IPv4 prefixes are non-negative and sort like the prefixes.
      long floor = after == null ? -1 : PackedIpv4.of(after);
      SmallestLongs smallest = new SmallestLongs(limit);
      ipv4.forEach(
          (packed, value) -> {
            if (packed > floor
                && smallest.wouldKeep(packed)
                && test.test(PackedIpv4.toPrefix(packed), value)) {
              smallest.offer(packed);
            }
          });
      for (long packed : smallest.sorted()) {
        page.add(PackedIpv4.toPrefix(packed));
      }
    }
    int room = limit - page.size();
    if (room > 0) {
      PriorityQueue<IpPrefix> largestFirst = new PriorityQueue<>(Comparator.reverseOrder());
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
      List<IpPrefix> ipv6Page = new ArrayList<>(largestFirst);
      Collections.sort(ipv6Page);
      page.addAll(ipv6Page);
    }
    return page;
  }

  /** Visits every entry; IPv4 prefix objects are created on the fly. Do not modify meanwhile. */
  void forEach(BiConsumer<IpPrefix, ? super V> visitor) {
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
  void forEachInPrefixOrder(AddressFamily family, BiConsumer<IpPrefix, ? super V> visitor) {
    if (family == AddressFamily.IPV4_UNICAST) {
      long[] packed = new long[ipv4.size()];
      int[] count = {0};
      ipv4.forEach((key, value) -> packed[count[0]++] = key);
      // Packed IPv4 prefixes are non-negative and sort like the prefixes.
      Arrays.sort(packed);
      for (long key : packed) {
        visitor.accept(PackedIpv4.toPrefix(key), ipv4.get(key));
      }
    } else {
      new TreeMap<>(ipv6).forEach(visitor);
    }
  }

  /** Visits the entries of one family. Do not modify the map meanwhile. */
  void forEach(AddressFamily family, BiConsumer<IpPrefix, ? super V> visitor) {
    if (family == AddressFamily.IPV4_UNICAST) {
      ipv4.forEach((packed, value) -> visitor.accept(PackedIpv4.toPrefix(packed), value));
    } else {
      ipv6.forEach(visitor);
    }
  }
}
