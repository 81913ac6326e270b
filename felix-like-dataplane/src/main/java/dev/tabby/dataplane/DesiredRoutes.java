package dev.tabby.dataplane;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

/**
 * The route sources of one reconciler, merged: for each key, the route of the source that wins it
 * (lowest precedence value; between equals, the one created first). Nothing is copied: a key is
 * looked up in each source in turn.
 */
final class DesiredRoutes {
  private final int protocol;
  private final RouteSource.ChangeListener listener;
  // Sorted by precedence, then by creation; replaced whole when a source is added.
  private volatile List<RouteSource> sources = List.of();

  DesiredRoutes(int protocol, RouteSource.ChangeListener listener) {
    this.protocol = protocol;
    this.listener = listener;
  }

  /** The source with this name, created if new; asking with another precedence is an error. */
  synchronized RouteSource source(String name, int precedence) {
    for (RouteSource source : sources) {
      if (source.name().equals(name)) {
        if (source.precedence() != precedence) {
          throw new IllegalArgumentException(
              source + " exists; it cannot be asked for with precedence " + precedence);
        }
        return source;
      }
    }
    List<RouteSource> next = new ArrayList<>(sources);
    next.add(new RouteSource(name, precedence, protocol, listener));
    // A stable sort keeps creation order between equal precedences.
    next.sort(Comparator.comparingInt(RouteSource::precedence));
    sources = List.copyOf(next);
    return next.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
  }

  /** The winning route for a key, or null if no source wants it. */
  Route winner(RouteKey key) {
    for (RouteSource source : sources) {
      Route route = source.get(key);
      if (route != null) {
        return route;
      }
    }
    return null;
  }

  /** Every winning route, once per key. */
  void forEachWinner(Consumer<Route> action) {
    List<RouteSource> all = sources;
    for (int i = 0; i < all.size(); i++) {
      List<RouteSource> before = all.subList(0, i);
      all.get(i)
          .forEach(
              route -> {
                if (!heldByAnyOf(before, route.key())) {
                  action.accept(route);
                }
              });
    }
  }

  private static boolean heldByAnyOf(List<RouteSource> sources, RouteKey key) {
    for (RouteSource source : sources) {
      if (source.get(key) != null) {
        return true;
      }
    }
    return false;
  }
}
