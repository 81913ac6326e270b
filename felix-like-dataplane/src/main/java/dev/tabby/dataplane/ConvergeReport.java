package dev.tabby.dataplane;

import java.time.Duration;
import java.util.List;

/**
 * What one converge of the route reconciler did.
 *
 * @param failures the routes the kernel refused (including conflicts with foreign routes), each
 *     with an error naming the errno and the route
 */
public record ConvergeReport(
    int added,
    int updated,
    int repaired,
    int removed,
    int owned,
    List<RouteFailure> failures,
    Duration took) {
  /** Whether the kernel already matched: nothing was written. */
  public boolean wasNoOp() {
    return added == 0 && updated == 0 && repaired == 0 && removed == 0 && failures.isEmpty();
  }
}
