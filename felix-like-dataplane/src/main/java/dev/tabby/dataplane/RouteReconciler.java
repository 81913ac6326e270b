package dev.tabby.dataplane;

import dev.tabby.dataplane.netlink.Errno;
import dev.tabby.dataplane.netlink.NetlinkException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the kernel's routes of our protocol equal to a desired set. Each converge dumps the routes
 * carrying our protocol number (in every table), diffs them against the desired set and applies the
 * delta in batches: replace what differs, add what is missing, delete what is no longer wanted.
 * Routes of any other protocol (the kernel's, BIRD's, FRR's) are never written: additions use
 * NLM_F_EXCL so a foreign route holding the same key is reported as a conflict instead of
 * overwritten, and deletions name our protocol so the kernel itself refuses to remove anything
 * else.
 *
 * <p>Converges run on one worker thread: when the desired set changes, after a change notification
 * shows a route of ours deleted or altered by someone else (fed in as a {@link
 * NetlinkMonitor.Listener}), after lost notifications, and periodically.
 */
public final class RouteReconciler implements NetlinkMonitor.Listener, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RouteReconciler.class);

  /**
   * Tabby's route protocol number: unused by /etc/iproute2/rt_protos and by the common routing
   * daemons (Calico uses 80). {@code ip route show proto 81} lists Tabby's routes.
   */
  public static final int DEFAULT_PROTOCOL = 81;

  /**
   * @param protocol the rtm_protocol that marks routes as ours
   * @param resyncInterval how often to converge even without a reason
   * @param repairDelay how long to gather change notifications before a repairing converge
   */
  public record Config(int protocol, Duration resyncInterval, Duration repairDelay) {
    public Config {
      if (protocol <= 4 || protocol > 255) {
        throw new IllegalArgumentException(
            "route protocol " + protocol + " is reserved or out of range (5..255)");
      }
    }

    public static Config defaults() {
      return new Config(DEFAULT_PROTOCOL, Duration.ofSeconds(90), Duration.ofMillis(20));
    }
  }

  private final Netlink netlink;
  private final Config config;
  private final ScheduledExecutorService worker;
  private final AtomicBoolean repairScheduled = new AtomicBoolean();
  private volatile Map<RouteKey, Route> desired = Map.of();
  // Worker-thread state: what we last wrote or verified, to tell a repair from an update.
  private Map<RouteKey, Route> applied = Map.of();

  private final AtomicLong owned = new AtomicLong();
  private final AtomicLong added = new AtomicLong();
  private final AtomicLong updated = new AtomicLong();
  private final AtomicLong removed = new AtomicLong();
  private final AtomicLong repaired = new AtomicLong();
  private final AtomicLong conflicts = new AtomicLong();
  private final AtomicLong netlinkErrors = new AtomicLong();
  private final AtomicLong resyncs = new AtomicLong();
  private volatile Duration lastResyncDuration = Duration.ZERO;

  public RouteReconciler(Netlink netlink, Config config) {
    this.netlink = netlink;
    this.config = config;
    this.worker =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "route-reconciler");
              thread.setDaemon(true);
              return thread;
            });
  }

  /** Starts the periodic resync. */
  public void start() {
    long interval = config.resyncInterval().toMillis();
    worker.scheduleWithFixedDelay(
        () -> convergeLogged("periodic resync"), interval, interval, TimeUnit.MILLISECONDS);
  }

  public int protocol() {
    return config.protocol();
  }

  /**
   * Replaces the desired set and converges. Routes are stamped with our protocol; two routes with
   * one key (destination, table, metric) are a caller error.
   *
   * @return completes with what the converge did
   */
  public CompletableFuture<ConvergeReport> setDesired(Collection<Route> routes) {
    Map<RouteKey, Route> next = new HashMap<>(routes.size() * 2);
    for (Route route : routes) {
      Route ours =
          route.protocol() == config.protocol() ? route : route.withProtocol(config.protocol());
      Route clash = next.putIfAbsent(ours.key(), ours);
      if (clash != null) {
        throw new IllegalArgumentException(
            "two desired routes share destination, table and metric: " + clash + " and " + ours);
      }
    }
    Map<RouteKey, Route> frozen = Map.copyOf(next);
    return CompletableFuture.supplyAsync(
        () -> {
          desired = frozen;
          return converge("desired routes changed");
        },
        worker);
  }

  /** Converges now, on the worker thread, and waits for it. */
  public ConvergeReport converge() {
    try {
      return worker.submit(() -> converge("requested")).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while converging routes", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException runtime
          ? runtime
          : new IllegalStateException(e.getCause());
    }
  }

  public ReconcilerMetrics metrics() {
    return new ReconcilerMetrics(
        owned.get(),
        added.get(),
        updated.get(),
        removed.get(),
        repaired.get(),
        conflicts.get(),
        netlinkErrors.get(),
        resyncs.get(),
        lastResyncDuration);
  }

  // ---- change notifications (monitor thread) ----

  @Override
  public void routeChanged(Route route, boolean deleted) {
    Route wanted = desired.get(route.key());
    boolean ours = route.protocol() == config.protocol();
    boolean needsRepair =
        deleted ? wanted != null : (wanted == null ? ours : !wanted.isSatisfiedBy(route));
    if (needsRepair) {
      log.debug("route {} {} behind our back; repairing", route, deleted ? "deleted" : "changed");
      scheduleRepair();
    }
  }

  @Override
  public void overrun() {
    scheduleRepair();
  }

  private void scheduleRepair() {
    if (repairScheduled.compareAndSet(false, true)) {
      worker.schedule(
          () -> {
            repairScheduled.set(false);
            convergeLogged("repair");
          },
          config.repairDelay().toMillis(),
          TimeUnit.MILLISECONDS);
    }
  }

  // ---- converging (worker thread) ----

  private void convergeLogged(String reason) {
    try {
      converge(reason);
    } catch (NetlinkException e) {
      // Keep the worker alive; the next trigger or the periodic resync tries again.
      log.error("route converge ({}) failed: {}", reason, e.getMessage());
    }
  }

  private ConvergeReport converge(String reason) {
    long start = System.nanoTime();
    Map<RouteKey, Route> wanted = desired;
    Map<RouteKey, Route> kernel = new HashMap<>(wanted.size() * 2);
    try {
      for (int family : new int[] {IpAddress.AF_INET, IpAddress.AF_INET6}) {
        for (Route route : netlink.routes(family, Netlink.ANY, config.protocol())) {
          kernel.put(route.key(), route);
        }
      }
    } catch (NetlinkException e) {
      netlinkErrors.incrementAndGet();
      throw e;
    }

    List<Route> toAdd = new ArrayList<>();
    List<Route> toReplace = new ArrayList<>();
    List<Route> toDelete = new ArrayList<>();
    int wantedInKernel = 0;
    for (Route route : wanted.values()) {
      Route installed = kernel.get(route.key());
      if (installed == null) {
        toAdd.add(route);
        continue;
      }
      wantedInKernel++;
      if (!route.isSatisfiedBy(installed)) {
        toReplace.add(route);
      }
    }
    // Every kernel route that is not wanted must go; when all are wanted, skip the search.
    if (wantedInKernel < kernel.size()) {
      for (Route installed : kernel.values()) {
        if (!wanted.containsKey(installed.key())) {
          toDelete.add(installed);
        }
      }
    }

    List<RouteFailure> failures = new ArrayList<>();
    failures.addAll(netlink.apply(RouteOperation.REPLACE, toReplace));
    failures.addAll(netlink.apply(RouteOperation.ADD, toAdd));
    failures.addAll(netlink.apply(RouteOperation.DELETE, toDelete));
    recordFailures(failures);
    Set<RouteKey> refused = new HashSet<>();
    failures.forEach(failure -> refused.add(failure.route().key()));

    // A route written again exactly as we last wrote it was repaired; otherwise it is new or
    // updated.
    int additions = 0;
    int updates = 0;
    int repairs = 0;
    for (List<Route> written : List.of(toAdd, toReplace)) {
      for (Route route : written) {
        if (refused.contains(route.key())) {
          continue;
        }
        if (route.equals(applied.get(route.key()))) {
          repairs++;
        } else if (written == toAdd) {
          additions++;
        } else {
          updates++;
        }
      }
    }
    int removals = (int) toDelete.stream().filter(r -> !refused.contains(r.key())).count();
    applied = refused.isEmpty() ? wanted : withoutKeys(wanted, refused);
    int addedToKernel = (int) toAdd.stream().filter(r -> !refused.contains(r.key())).count();
    int nowOwned = kernel.size() - removals + addedToKernel;
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    owned.set(nowOwned);
    added.addAndGet(additions);
    updated.addAndGet(updates);
    repaired.addAndGet(repairs);
    removed.addAndGet(removals);
    resyncs.incrementAndGet();
    lastResyncDuration = took;

    ConvergeReport report =
        new ConvergeReport(
            additions, updates, repairs, removals, nowOwned, List.copyOf(failures), took);
    if (report.wasNoOp()) {
      log.debug(
          "routes converged ({}): no change, {} owned, {} ms",
          reason,
          report.owned(),
          took.toMillis());
    } else {
      log.info(
          "routes converged ({}): {} added, {} updated, {} repaired, {} removed, {} refused ({} conflicts), {} owned, {} ms",
          reason,
          report.added(),
          report.updated(),
          report.repaired(),
          report.removed(),
          failures.size(),
          failures.stream().filter(RouteReconciler::isConflict).count(),
          report.owned(),
          took.toMillis());
    }
    return report;
  }

  /** Counts and logs refused routes. */
  private void recordFailures(List<RouteFailure> failures) {
    for (RouteFailure failure : failures) {
      (isConflict(failure) ? conflicts : netlinkErrors).incrementAndGet();
    }
    failures.stream()
        .limit(5)
        .forEach(
            f ->
                log.warn(
                    "{}{}",
                    f.error().getMessage(),
                    isConflict(f) ? " (a route that is not ours holds this key; left alone)" : ""));
    if (failures.size() > 5) {
      log.warn("... and {} more refused routes", failures.size() - 5);
    }
  }

  /** An add refused because a route of another protocol already holds the key. */
  private static boolean isConflict(RouteFailure failure) {
    return failure.operation() == RouteOperation.ADD && failure.error().errno() == Errno.EEXIST;
  }

  private static Map<RouteKey, Route> withoutKeys(Map<RouteKey, Route> routes, Set<RouteKey> keys) {
    Map<RouteKey, Route> result = new HashMap<>(routes);
    result.keySet().removeAll(keys);
    return result;
  }

  @Override
  public void close() {
    worker.shutdownNow();
  }
}
