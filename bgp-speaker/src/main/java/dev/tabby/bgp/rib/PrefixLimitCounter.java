package dev.tabby.bgp.rib;

import dev.tabby.bgp.wire.AddressFamily;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Counts one peer's accepted prefixes per family against its {@link PrefixLimit}s, for one session,
 * and says when a count first reaches the warning threshold and when it exceeds the maximum. Each
 * is said once per session: the count may go down and up again around a limit.
 */
final class PrefixLimitCounter {

  /** What one more accepted prefix amounts to. */
  enum Crossing {
    NONE,
    WARNING,
    EXCEEDED
  }

  private final Map<AddressFamily, PrefixLimit> limits;
  private final Map<AddressFamily, Long> counts = new EnumMap<>(AddressFamily.class);
  private final Set<AddressFamily> warned = EnumSet.noneOf(AddressFamily.class);
  private final Set<AddressFamily> exceeded = EnumSet.noneOf(AddressFamily.class);

  PrefixLimitCounter(Map<AddressFamily, PrefixLimit> limits) {
    this.limits = limits;
  }

  /** A prefix of {@code family} was accepted that the peer had no route for. */
  Crossing added(AddressFamily family) {
    long count = counts.merge(family, 1L, Long::sum);
    PrefixLimit limit = limits.get(family);
    if (limit == null) {
      return Crossing.NONE;
    }
    if (count > limit.maximum() && exceeded.add(family)) {
      return Crossing.EXCEEDED;
    }
    if (count >= limit.warningThreshold() && count <= limit.maximum() && warned.add(family)) {
      return Crossing.WARNING;
    }
    return Crossing.NONE;
  }

  /** The peer's route for a prefix of {@code family} went. */
  void removed(AddressFamily family) {
    counts.merge(family, -1L, Long::sum);
  }

  /** The accepted prefixes of every family the peer sent, limited or not. */
  Map<AddressFamily, Long> counts() {
    return Map.copyOf(counts);
  }

  long count(AddressFamily family) {
    return counts.getOrDefault(family, 0L);
  }

  PrefixLimit limit(AddressFamily family) {
    return limits.get(family);
  }
}
