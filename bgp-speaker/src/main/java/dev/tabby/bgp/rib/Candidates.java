package dev.tabby.bgp.rib;

import java.util.Arrays;
import java.util.List;

/**
 * The candidate paths to one prefix, stored as compactly as the Loc-RIB needs: most prefixes have a
 * single path, held as the {@link Route} itself; two or more are a {@code Route[]} with the best
 * first. A value is never modified in place — a change makes a new one — so an earlier value stays
 * valid to compare with. {@code null} means no candidates.
 */
final class Candidates {
  private Candidates() {}

  static Route best(Object candidates) {
    return candidates instanceof Route[] paths ? paths[0] : (Route) candidates;
  }

  static List<Route> asList(Object candidates) {
    if (candidates == null) {
      return List.of();
    }
    return candidates instanceof Route[] paths ? List.of(paths) : List.of((Route) candidates);
  }

  /**
   * The multipath (ECMP) set: the best path and those equal to it, see {@link BestPathSelector}.
   */
  static List<Route> multipath(Object candidates) {
    return candidates instanceof Route[] paths
        ? BestPathSelector.multipath(paths)
        : asList(candidates);
  }

  /** The candidate learned from {@code source} (null: originated), or null when there is none. */
  static Route fromSource(Object candidates, PeerInfo source) {
    if (candidates instanceof Route[] paths) {
      int index = indexOfSource(paths, source);
      return index < 0 ? null : paths[index];
    }
    Route lone = (Route) candidates;
    return lone != null && lone.source() == source ? lone : null;
  }

  /**
   * The candidates with {@code path} added, replacing the one from the same source; the same value
   * when that one is {@code path} already.
   */
  static Object with(Object candidates, Route path) {
    if (candidates == null
        || (candidates instanceof Route lone && lone.source() == path.source())) {
      return path;
    }
    Route[] current = toArray(candidates);
    int existing = indexOfSource(current, path.source());
    Route[] next;
    if (existing >= 0) {
      if (current[existing] == path) {
        return candidates;
      }
      next = current.clone();
      next[existing] = path;
    } else {
      next = Arrays.copyOf(current, current.length + 1);
      next[current.length] = path;
    }
    return bestFirst(next);
  }

  /** The candidates without the path from {@code source}; the same value when there is none. */
  static Object without(Object candidates, PeerInfo source) {
    if (candidates instanceof Route lone) {
      return lone.source() == source ? null : candidates;
    }
    if (candidates == null) {
      return null;
    }
    Route[] current = (Route[]) candidates;
    int index = indexOfSource(current, source);
    if (index < 0) {
      return candidates;
    }
    if (current.length == 2) {
      return current[1 - index];
    }
    Route[] next = new Route[current.length - 1];
    System.arraycopy(current, 0, next, 0, index);
    System.arraycopy(current, index + 1, next, index, current.length - index - 1);
    return bestFirst(next);
  }

  private static Route[] toArray(Object candidates) {
    return candidates instanceof Route[] paths ? paths : new Route[] {(Route) candidates};
  }

  private static Route[] bestFirst(Route[] candidates) {
    int best = BestPathSelector.bestIndex(candidates);
    if (best > 0) {
      Route swap = candidates[0];
      candidates[0] = candidates[best];
      candidates[best] = swap;
    }
    return candidates;
  }

  private static int indexOfSource(Route[] candidates, PeerInfo source) {
    for (int i = 0; i < candidates.length; i++) {
      if (candidates[i].source() == source) {
        return i;
      }
    }
    return -1;
  }
}
