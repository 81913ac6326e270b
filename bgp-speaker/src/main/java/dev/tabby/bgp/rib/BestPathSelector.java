package dev.tabby.bgp.rib;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Picks the best path and the multipath (ECMP) set among the candidate paths to one prefix, by the
 * {@link DecisionStep}s in order.
 *
 * <p>The MED step only compares paths from the same neighbouring AS, which makes plain pairwise
 * comparison depend on the order candidates arrived in. Selection is therefore deterministic (like
 * "deterministic-med" elsewhere): the best path of each neighbouring AS is found first, then those
 * winners are compared, where MED no longer plays a part.
 */
final class BestPathSelector {
  private BestPathSelector() {}

  /** The first step that tells the paths apart, or null when none does (the same route). */
  static DecisionStep decidingStep(Path a, Path b) {
    for (DecisionStep step : DecisionStep.values()) {
      if (step.compare(a, b) != 0) {
        return step;
      }
    }
    return null;
  }

  /** Negative when {@code a} is preferred, by every step in order. */
  static int compare(Path a, Path b) {
    DecisionStep step = decidingStep(a, b);
    return step == null ? 0 : step.compare(a, b);
  }

  /** The index of the best of the candidates (at least one). */
  static int bestIndex(Path[] candidates) {
    int best = -1;
    for (int i = 0; i < candidates.length; i++) {
      if (isBestOfItsNeighbourAs(candidates, i)
          && (best < 0 || compare(candidates[i], candidates[best]) < 0)) {
        best = i;
      }
    }
    return best;
  }

  /**
   * The paths to install as ECMP: the best and every candidate the decision process cannot tell
   * from it before the router-ID step, keeping one path per distinct next hop. Best first, then by
   * the remaining tie-breakers.
   */
  static List<Path> multipath(Path[] candidates) {
    if (candidates == null || candidates.length == 0) {
      return List.of();
    }
    Path best = candidates[0];
    if (candidates.length == 1) {
      return List.of(best);
    }
    List<Path> equal = new ArrayList<>();
    for (int i = 1; i < candidates.length; i++) {
      if (equalBeforeRouterId(candidates[i], best)) {
        equal.add(candidates[i]);
      }
    }
    equal.sort(BestPathSelector::compareTieBreakers);
    List<Path> result = new ArrayList<>(equal.size() + 1);
    Set<InetAddress> nextHops = new HashSet<>();
    nextHops.add(best.attributes().nextHop());
    result.add(best);
    for (Path path : equal) {
      if (nextHops.add(path.attributes().nextHop())) {
        result.add(path);
      }
    }
    return result;
  }

  private static boolean isBestOfItsNeighbourAs(Path[] candidates, int index) {
    Path path = candidates[index];
    long neighbourAs = path.attributes().asPath().neighbourAs();
    for (int i = 0; i < candidates.length; i++) {
      Path other = candidates[i];
      if (i != index
          && other.attributes().asPath().neighbourAs() == neighbourAs
          && compare(other, path) < 0) {
        return false;
      }
    }
    return true;
  }

  private static boolean equalBeforeRouterId(Path a, Path b) {
    for (DecisionStep step : DecisionStep.values()) {
      if (step == DecisionStep.ROUTER_ID) {
        return true;
      }
      if (step.compare(a, b) != 0) {
        return false;
      }
    }
    throw new AssertionError("ROUTER_ID is a decision step");
  }

  /** Orders paths that tie up to the router-ID step by the steps from there on. */
  private static int compareTieBreakers(Path a, Path b) {
    for (DecisionStep step : DecisionStep.values()) {
      if (step.ordinal() >= DecisionStep.ROUTER_ID.ordinal()) {
        int result = step.compare(a, b);
        if (result != 0) {
          return result;
        }
      }
    }
    return 0;
  }
}
