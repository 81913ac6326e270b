package dev.tabby.dataplane;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** What the writes of one converge did, counted as the kernel answered them. */
final class WriteOutcome {
  int added;
  int updated;
  int repaired;
  int removed;

  /** Every route refused. */
  final List<RouteFailure> failures = new ArrayList<>();

  /** Routes refused for the first time, or conflicts found: the refusals worth a log line. */
  final List<RouteFailure> newlyRefused = new ArrayList<>();

  ConvergeReport report(int owned, long startNanos) {
    return new ConvergeReport(
        added,
        updated,
        repaired,
        removed,
        owned,
        List.copyOf(failures),
        Duration.ofNanos(System.nanoTime() - startNanos));
  }
}
