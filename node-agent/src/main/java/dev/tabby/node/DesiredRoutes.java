package dev.tabby.node;

import dev.tabby.dataplane.ConvergeReport;
import dev.tabby.dataplane.Route;
import dev.tabby.dataplane.RouteReconciler;
import dev.tabby.dataplane.RouteSource;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's two sources of kernel routes in the route reconciler: the blackholes of its own
 * blocks, and the routes it learned by BGP. A learned route to one of our own blocks loses to the
 * block's blackhole (lower precedence wins).
 */
public final class DesiredRoutes {

  private static final Logger log = LoggerFactory.getLogger(DesiredRoutes.class);

  static final int BLACKHOLE_PRECEDENCE = 10;
  static final int LEARNED_PRECEDENCE = 100;

  private final RouteSource blackholes;
  private final RouteSource learned;
  private volatile String lastFailure;

  public DesiredRoutes(RouteReconciler reconciler) {
    this.blackholes = reconciler.source("own-blocks", BLACKHOLE_PRECEDENCE);
    this.learned = reconciler.source("bgp", LEARNED_PRECEDENCE);
  }

  public CompletableFuture<ConvergeReport> setBlackholes(List<Route> routes) {
    return watched(blackholes.replaceAll(routes));
  }

  /**
   * Writes the learned routes that changed; the others stay as they are. The future completes once
   * both the removals and the upserts are written: the removals are handed over first, so they are
   * in the same converge as the upserts or an earlier one.
   */
  public CompletableFuture<ConvergeReport> updateLearned(LearnedRoutes.Changes changes) {
    if (!changes.removed().isEmpty()) {
      watched(learned.remove(changes.removed()));
    }
    return watched(learned.upsert(changes.upserted()));
  }

  /** Null when the last write reached the kernel (the dataplane works), else why it did not. */
  public String problem() {
    return lastFailure;
  }

  private CompletableFuture<ConvergeReport> watched(CompletableFuture<ConvergeReport> write) {
    return write.whenComplete(
        (report, failure) -> {
          lastFailure = failure == null ? null : failure.toString();
          if (failure != null) {
            log.error("event=routes-not-written reason=\"{}\"", failure.getMessage());
          }
        });
  }
}
