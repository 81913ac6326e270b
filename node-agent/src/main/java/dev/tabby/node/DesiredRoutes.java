package dev.tabby.node;

import dev.tabby.dataplane.ConvergeReport;
import dev.tabby.dataplane.Route;
import dev.tabby.dataplane.RouteKey;
import dev.tabby.dataplane.RouteReconciler;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one owner of the agent's kernel routes: the blackholes of its own blocks and the routes it
 * learned by BGP, merged and handed to the route reconciler. A learned route to one of our own
 * blocks loses to the block's blackhole.
 */
public final class DesiredRoutes {

  private static final Logger log = LoggerFactory.getLogger(DesiredRoutes.class);

  private final RouteReconciler reconciler;
  private List<Route> blackholes = List.of();
  private List<Route> learned = List.of();
  private volatile boolean lastConvergeFailed;

  public DesiredRoutes(RouteReconciler reconciler) {
    this.reconciler = reconciler;
  }

  public synchronized CompletableFuture<ConvergeReport> setBlackholes(List<Route> routes) {
    blackholes = List.copyOf(routes);
    return publish();
  }

  public synchronized CompletableFuture<ConvergeReport> setLearned(List<Route> routes) {
    learned = List.copyOf(routes);
    return publish();
  }

  /** Whether the last converge reached the kernel (the dataplane works). */
  public boolean healthy() {
    return !lastConvergeFailed;
  }

  private CompletableFuture<ConvergeReport> publish() {
    List<Route> all = new ArrayList<>(blackholes);
    Set<RouteKey> taken = new HashSet<>();
    blackholes.forEach(route -> taken.add(route.key()));
    for (Route route : learned) {
      if (taken.add(route.key())) {
        all.add(route);
      }
    }
    return reconciler
        .setDesired(all)
        .whenComplete(
            (report, failure) -> {
              lastConvergeFailed = failure != null;
              if (failure != null) {
                log.error("event=converge-failed reason=\"{}\"", failure.getMessage());
              }
            });
  }
}
