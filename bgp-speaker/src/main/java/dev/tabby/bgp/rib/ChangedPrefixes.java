package dev.tabby.bgp.rib;

import dev.tabby.net.IpPrefix;
import java.util.ArrayList;
import java.util.List;

/**
 * The prefixes whose candidates changed since the RIB's last flush, in the order they first
 * changed, each with its candidates before that first change. A table load changes hundreds of
 * thousands of prefixes per flush, so a change costs one lookup (is the prefix new here?) and the
 * flush walks two lists instead of looking anything up.
 *
 * <p>Not thread-safe: owned by the RIB thread.
 */
final class ChangedPrefixes {
  /** The prefixes already here; the value only marks presence. */
  private final PrefixMap<Boolean> seen = new PrefixMap<>();

  private final List<IpPrefix> prefixes = new ArrayList<>();

  /** The candidates before the first change, index for index; null for none. */
  private final List<Candidates> before = new ArrayList<>();

  /** Notes that the prefix is about to change from {@code candidates}, unless it changed before. */
  void add(IpPrefix prefix, Candidates candidates) {
    if (seen.putIfAbsent(prefix, Boolean.TRUE) == null) {
      prefixes.add(prefix);
      before.add(candidates);
    }
  }

  int size() {
    return prefixes.size();
  }

  boolean isEmpty() {
    return prefixes.isEmpty();
  }

  /** The {@code index}-th changed prefix, in the order they first changed. */
  IpPrefix prefix(int index) {
    return prefixes.get(index);
  }

  /** The candidates of the {@code index}-th changed prefix before its first change; null: none. */
  Candidates before(int index) {
    return before.get(index);
  }

  /** Forgets every change, keeping room for as many as there were (the next flush is alike). */
  void clear() {
    seen.clearKeepingRoom();
    prefixes.clear();
    before.clear();
  }
}
