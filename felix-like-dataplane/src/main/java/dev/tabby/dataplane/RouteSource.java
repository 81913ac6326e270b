package dev.tabby.dataplane;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * One producer's routes in a {@link RouteReconciler}: BGP best paths, the blackholes for the node's
 * own blocks, the pods' /32 routes. Each source keeps its own set; the reconciler merges them into
 * one desired table. When two sources hold a route with one key (destination, table, metric), the
 * source with the lower precedence value wins, as with a router's administrative distance; between
 * equal precedences, the source created first wins. The loser's route is kept and takes over when
 * the winner's is removed.
 *
 * <p>Every change returns a future that completes, with what was written, once the change is in the
 * kernel (or was refused: see {@link ConvergeReport#failures()}). Changes that arrive while the
 * reconciler is writing are gathered and written together, and only the keys they touch are
 * written: no dump of the kernel's table. Routes are stamped with the reconciler's protocol. Safe
 * to call from any thread.
 */
public final class RouteSource {
  /** Receives the keys a source changed; the reconciler writes them. */
  interface ChangeListener {
    CompletableFuture<ConvergeReport> changed(Collection<RouteKey> keys);
  }

  private final String name;
  private final int precedence;
  private final int protocol;
  private final ChangeListener listener;
  private final RouteTable routes = new RouteTable();

  RouteSource(String name, int precedence, int protocol, ChangeListener listener) {
    this.name = name;
    this.precedence = precedence;
    this.protocol = protocol;
    this.listener = listener;
  }

  public String name() {
    return name;
  }

  /** Lower wins when two sources want one key. */
  public int precedence() {
    return precedence;
  }

  /** Adds a route, or replaces this source's route with the same key. */
  public CompletableFuture<ConvergeReport> upsert(Route route) {
    return upsert(List.of(route));
  }

  /**
   * Adds routes, or replaces this source's routes with the same keys. Two routes with one key in
   * the same call are a caller error (IllegalArgumentException; nothing is changed).
   */
  public CompletableFuture<ConvergeReport> upsert(Collection<Route> added) {
    Map<RouteKey, Route> stamped = stamp(added);
    synchronized (this) {
      stamped.values().forEach(routes::put);
    }
    return listener.changed(stamped.keySet());
  }

  /** Removes this source's route with the key, if it has one. */
  public CompletableFuture<ConvergeReport> remove(RouteKey key) {
    return remove(List.of(key));
  }

  /** Removes this source's routes with these keys; keys it does not hold are ignored. */
  public CompletableFuture<ConvergeReport> remove(Collection<RouteKey> keys) {
    Set<RouteKey> removed = new HashSet<>();
    synchronized (this) {
      for (RouteKey key : keys) {
        if (routes.remove(key) != null) {
          removed.add(key);
        }
      }
    }
    return listener.changed(removed);
  }

  /**
   * Makes this source's set exactly these routes; only the keys that change are written. Two routes
   * with one key are a caller error (IllegalArgumentException; nothing is changed).
   */
  public CompletableFuture<ConvergeReport> replaceAll(Collection<Route> next) {
    Map<RouteKey, Route> stamped = stamp(next);
    Set<RouteKey> changed = new HashSet<>();
    synchronized (this) {
      routes.forEach(
          route -> {
            if (!stamped.containsKey(route.key())) {
              changed.add(route.key());
            }
          });
      changed.forEach(routes::remove);
      for (Route route : stamped.values()) {
        if (!route.equals(routes.put(route))) {
          changed.add(route.key());
        }
      }
    }
    return listener.changed(changed);
  }

  /** A copy of this source's routes. */
  public synchronized Map<RouteKey, Route> routes() {
    return Map.copyOf(routes.toMap());
  }

  /** How many routes this source holds. */
  public int size() {
    return routes.size();
  }

  /** This source's route with the key, or null. */
  Route get(RouteKey key) {
    return routes.get(key);
  }

  /** Calls the action with each of this source's routes; changes wait until it is done. */
  void forEach(Consumer<Route> action) {
    routes.forEach(action);
  }

  private Map<RouteKey, Route> stamp(Collection<Route> given) {
    Map<RouteKey, Route> stamped = new HashMap<>(given.size() * 2);
    for (Route route : given) {
      Route ours = route.protocol() == protocol ? route : route.withProtocol(protocol);
      Route clash = stamped.putIfAbsent(ours.key(), ours);
      if (clash != null) {
        throw new IllegalArgumentException(
            "route source '"
                + name
                + "': two routes share destination, table and metric: "
                + clash
                + " and "
                + ours);
      }
    }
    return stamped;
  }

  @Override
  public String toString() {
    return "route source '" + name + "' (precedence " + precedence + ")";
  }
}
