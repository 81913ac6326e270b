package dev.tabby.bgp.rib;

import dev.tabby.bgp.wire.PathAttributes;
import java.util.HashMap;
import java.util.Map;

/**
 * The shared {@link Route}s of one source (a peer, or this speaker for originated routes): one per
 * distinct attribute set, counted by reference like the {@link AttributeInterner} whose attributes
 * they hold. Every {@link #intern} is matched by one {@link #release}; a route dropped by its last
 * holder gives its attributes back, so neither table leaks.
 *
 * <p>Not thread-safe: owned by the RIB thread.
 */
final class RouteTable {
  private final PeerInfo source;
  private final AttributeInterner attributeInterner;
  private final Map<PathAttributes, Route> routes = new HashMap<>();

  /**
   * The instance last given to {@link #intern} and the route it found. An UPDATE's prefixes share
   * one decoded attribute set, so this spares a hash lookup and a deep comparison per prefix.
   */
  private PathAttributes lastInterned;

  private Route lastRoute;

  /**
   * @param source the peer the routes come from; {@code null} for originated routes
   */
  RouteTable(PeerInfo source, AttributeInterner attributeInterner) {
    this.source = source;
    this.attributeInterner = attributeInterner;
  }

  /** The shared route with attributes equal to {@code attributes}, counting one more holder. */
  Route intern(PathAttributes attributes) {
    // A route released by all its holders has left the table: it may not be handed out again.
    Route route =
        attributes == lastInterned && lastRoute.references > 0 ? lastRoute : routes.get(attributes);
    if (route == null) {
      route = new Route(attributeInterner.intern(attributes), source);
      routes.put(route.attributes(), route);
    }
    route.references++;
    lastInterned = attributes;
    lastRoute = route;
    return route;
  }

  /** Gives back one reference taken by {@link #intern}. */
  void release(Route route) {
    if (routes.get(route.attributes()) != route) {
      throw new IllegalStateException("releasing a route that was never interned: " + route);
    }
    if (--route.references == 0) {
      routes.remove(route.attributes());
      attributeInterner.release(route.attributes());
    }
  }

  /**
   * Drops every route at once, whatever its count, giving back their attributes: for a peer going
   * down, whose holders are all dropped together, so they need not be released one prefix at a
   * time.
   */
  void releaseAll() {
    routes.values().forEach(route -> attributeInterner.release(route.attributes()));
    routes.clear();
    lastInterned = null;
    lastRoute = null;
  }

  /** How many distinct routes are held. */
  int size() {
    return routes.size();
  }
}
