package dev.tabby.bench.convergence;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * When an event reached each of several nodes, counted from one start: the first, the median and
 * the last node, and how many nodes it reached at all.
 *
 * @param sorted the nodes' delays that were seen, shortest first
 * @param expected how many nodes should have seen it
 */
record Spread(List<Duration> sorted, int expected) {

  static Spread of(Instant start, Collection<Optional<Instant>> seen) {
    List<Duration> delays = new ArrayList<>();
    seen.forEach(at -> at.ifPresent(instant -> delays.add(Duration.between(start, instant))));
    delays.sort(null);
    return new Spread(List.copyOf(delays), seen.size());
  }

  boolean complete() {
    return sorted.size() == expected;
  }

  Duration first() {
    return sorted.get(0);
  }

  Duration median() {
    return sorted.get((sorted.size() - 1) / 2);
  }

  Duration last() {
    return sorted.get(sorted.size() - 1);
  }

  /** For the tables: milliseconds with one decimal. */
  static String millis(Duration duration) {
    return String.format("%.1f ms", duration.toNanos() / 1e6);
  }
}
