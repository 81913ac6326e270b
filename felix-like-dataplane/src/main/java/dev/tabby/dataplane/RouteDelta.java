package dev.tabby.dataplane;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * What to write to make the kernel's routes of our protocol match the desired ones: replace what
 * differs, add what is missing, delete what is no longer wanted. A missing route whose key a
 * foreign route holds (a known conflict) is not added again.
 */
final class RouteDelta {
  final List<Route> toAdd = new ArrayList<>();
  final List<Route> toReplace = new ArrayList<>();
  final List<Route> toDelete = new ArrayList<>();

  /**
   * Keys that need no write now: the kernel already matches what is wanted, or a foreign route
   * holds the key.
   */
  final List<RouteKey> settled = new ArrayList<>();

  private RouteDelta() {}

  /** Every desired route against a full dump of ours. */
  static RouteDelta forResync(DesiredRoutes desired, RouteTable kernel, Set<RouteKey> conflicts) {
    RouteDelta delta = new RouteDelta();
    int[] wantedInKernel = {0};
    desired.forEachWinner(
        wanted -> {
          Route installed = kernel.get(wanted.key());
          if (installed != null) {
            wantedInKernel[0]++;
          }
          delta.consider(wanted.key(), wanted, installed, conflicts);
        });
    // Every kernel route that is not wanted must go; when all are wanted, skip the search.
    if (wantedInKernel[0] < kernel.size()) {
      kernel.forEach(
          installed -> {
            if (desired.winner(installed.key()) == null) {
              delta.toDelete.add(installed);
            }
          });
    }
    return delta;
  }

  /** Only these keys, against what we believe is installed. */
  static RouteDelta forKeys(
      Collection<RouteKey> keys,
      Function<RouteKey, Route> desired,
      RouteTable installed,
      Set<RouteKey> conflicts) {
    RouteDelta delta = new RouteDelta();
    for (RouteKey key : keys) {
      delta.consider(key, desired.apply(key), installed.get(key), conflicts);
    }
    return delta;
  }

  private void consider(RouteKey key, Route wanted, Route installed, Set<RouteKey> conflicts) {
    if (wanted == null) {
      conflicts.remove(key);
      if (installed != null) {
        toDelete.add(installed);
      } else {
        settled.add(key);
      }
    } else if (installed == null) {
      if (conflicts.contains(key)) {
        settled.add(key);
      } else {
        toAdd.add(wanted);
      }
    } else if (!wanted.isSatisfiedBy(installed)) {
      toReplace.add(wanted);
    } else {
      settled.add(key);
    }
  }

  boolean isEmpty() {
    return toAdd.isEmpty() && toReplace.isEmpty() && toDelete.isEmpty();
  }
}
