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
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the kernel's routes of our protocol equal to the routes its {@link RouteSource}s want.
 * Routes of any other protocol (the kernel's, BIRD's, FRR's) are never written: additions use
 * NLM_F_EXCL so a foreign route holding the same key is reported as a conflict instead of
 * overwritten, and deletions name our protocol so the kernel itself refuses to remove anything
 * else.
 *
 * <p>Two kinds of converge run on one worker thread:
 *
 * <ul>
 *   <li>an <em>update</em> writes only the keys that changed: keys the sources changed, keys the
 *       kernel's notifications show changed behind our back, and refused routes whose retry is due.
 *       It compares them with what the reconciler believes is installed; it dumps nothing.
 *   <li>a <em>resync</em> dumps our routes (both families, every table), diffs the whole desired
 *       set against them and writes the delta. It runs periodically, on {@link #converge()}, after
 *       notifications were lost, after a link went down or an address went away (the kernel then
 *       drops IPv4 routes without a notification for each), and after an update met a route it did
 *       not expect.
 * </ul>
 *
 * <p>A refused route is tried again with exponential backoff, and at once when a link comes up or
 * an address is added. A foreign route on one of our keys is logged and counted once, and tried
 * again only when the kernel reports a change for that key. Feed the reconciler a {@link
 * NetlinkMonitor} (it is a {@link NetlinkMonitor.Listener}) so it sees changes; without one it only
 * converges on its own writes and the periodic resync.
 */
public final class RouteReconciler implements NetlinkMonitor.Listener, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RouteReconciler.class);
  private static final int LOGGED_FAILURES_PER_CONVERGE = 5;

  /**
   * Tabby's route protocol number: unused by /etc/iproute2/rt_protos and by the common routing
   * daemons (Calico uses 80). {@code ip route show proto 81} lists Tabby's routes.
   */
  public static final int DEFAULT_PROTOCOL = 81;

  /** The source {@link #setDesired} fills. */
  public static final String DEFAULT_SOURCE = "default";

  /** The precedence of {@link #source(String)}; lower wins. */
  public static final int DEFAULT_PRECEDENCE = 100;

  /** The source {@link #keepKernelRoutesAsStale} fills: it loses to every other. */
  public static final String STALE_SOURCE = "stale";

  /**
   * @param protocol the rtm_protocol that marks routes as ours
   * @param resyncInterval how often to resync even without a reason
   * @param repairDelay how long to gather notifications before a repair
   * @param retryInitial how long after its first refusal a route is tried again; each further
   *     refusal doubles the wait
   * @param retryMax the longest wait between tries of a refused route
   */
  public record Config(
      int protocol,
      Duration resyncInterval,
      Duration repairDelay,
      Duration retryInitial,
      Duration retryMax) {
    public static final Duration DEFAULT_RETRY_INITIAL = Duration.ofMillis(100);
    public static final Duration DEFAULT_RETRY_MAX = Duration.ofSeconds(30);

    public Config {
      if (protocol <= 4 || protocol > 255) {
        throw new IllegalArgumentException(
            "route protocol " + protocol + " is reserved or out of range (5..255)");
      }
      if (retryInitial.isNegative()
          || retryInitial.isZero()
          || retryMax.compareTo(retryInitial) < 0) {
        throw new IllegalArgumentException(
            "route retry backoff must start above zero and not exceed its maximum: "
                + retryInitial
                + " .. "
                + retryMax);
      }
    }

    /** The default retry backoff (100 ms doubling up to 30 s). */
    public Config(int protocol, Duration resyncInterval, Duration repairDelay) {
      this(protocol, resyncInterval, repairDelay, DEFAULT_RETRY_INITIAL, DEFAULT_RETRY_MAX);
    }

    public static Config defaults() {
      return new Config(DEFAULT_PROTOCOL, Duration.ofSeconds(90), Duration.ofMillis(20));
    }
  }

  private final KernelRoutes kernel;
  private final Config config;
  private final ScheduledExecutorService worker;
  private final DesiredRoutes desired;
  private final PendingChanges pending = new PendingChanges();
  private final RetryBackoff retries;
  // Keys a foreign route holds; read by the monitor thread, changed by the worker.
  private final Set<RouteKey> conflicts = ConcurrentHashMap.newKeySet();
  private final LinkStates links = new LinkStates();
  private final AtomicBoolean repairScheduled = new AtomicBoolean();
  // Our routes in the kernel as far as we know: the last dump, our writes since, and the
  // notifications of changes behind our back. Written by the worker; the monitor thread reads it
  // to tell the echoes of our own writes from changes made by others.
  private volatile RouteTable installed = new RouteTable();
  // Worker-thread state. Keys whose route we had installed until the kernel lost it (someone
  // deleted or changed it, or a link went down): writing them again counts as a repair.
  private final Set<RouteKey> lost = new HashSet<>();
  private ScheduledFuture<?> retryTimer;
  private int failedRepairs;

  private final AtomicLong added = new AtomicLong();
  private final AtomicLong updated = new AtomicLong();
  private final AtomicLong removed = new AtomicLong();
  private final AtomicLong repaired = new AtomicLong();
  private final AtomicLong conflictsFound = new AtomicLong();
  private final AtomicLong netlinkErrors = new AtomicLong();
  private final AtomicLong resyncs = new AtomicLong();
  private volatile Duration lastResyncDuration = Duration.ZERO;

  public RouteReconciler(KernelRoutes kernel, Config config) {
    this.kernel = kernel;
    this.config = config;
    this.desired = new DesiredRoutes(config.protocol(), this::sourceChanged);
    this.retries = new RetryBackoff(config.retryInitial(), config.retryMax(), System::nanoTime);
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
        () -> resyncLogged("periodic resync"), interval, interval, TimeUnit.MILLISECONDS);
  }

  public int protocol() {
    return config.protocol();
  }

  /** The named source with {@link #DEFAULT_PRECEDENCE}, created on first use. */
  public RouteSource source(String name) {
    return source(name, DEFAULT_PRECEDENCE);
  }

  /**
   * The named source, created on first use. When two sources want one key, the lower precedence
   * wins; between equal precedences, the source created first. Asking for an existing source with
   * another precedence is an IllegalArgumentException.
   */
  public RouteSource source(String name, int precedence) {
    return desired.source(name, precedence);
  }

  /**
   * Makes the {@link #DEFAULT_SOURCE} source exactly these routes (see {@link
   * RouteSource#replaceAll}); other sources are untouched. Routes are stamped with our protocol;
   * two routes with one key (destination, table, metric) are a caller error.
   *
   * @return completes with what the update wrote
   */
  public CompletableFuture<ConvergeReport> setDesired(Collection<Route> routes) {
    return source(DEFAULT_SOURCE).replaceAll(routes);
  }

  /**
   * Keeps the routes of our protocol already in the kernel (left by an earlier run: a restart that
   * kept its forwarding state) installed as stale, instead of deleting them at the first converge:
   * they become the {@link #STALE_SOURCE} source, which every other source overrides key by key,
   * until {@link #releaseStale()} deletes the ones no other source wants. Call it before any other
   * source is written.
   *
   * @return how many routes are kept
   */
  public int keepKernelRoutesAsStale() {
    List<Route> found = new ArrayList<>();
    onWorker(this::dumpOurRoutes, "reading the kernel's routes").forEach(found::add);
    source(STALE_SOURCE, Integer.MAX_VALUE).replaceAll(found);
    log.info(
        "event=stale-routes-kept routes={} protocol={} (until released: learned again or deleted)",
        found.size(),
        config.protocol());
    return found.size();
  }

  /**
   * Ends {@link #keepKernelRoutesAsStale}: the stale routes that no other source wants are deleted.
   *
   * @return completes with what the update wrote: its {@link ConvergeReport#removed()} are the
   *     stale routes deleted
   */
  public CompletableFuture<ConvergeReport> releaseStale() {
    return source(STALE_SOURCE, Integer.MAX_VALUE).replaceAll(List.of());
  }

  /** Resyncs now (dump, diff, write), on the worker thread, and waits for it. */
  public ConvergeReport converge() {
    return onWorker(() -> resync("requested"), "converging routes");
  }

  /** Runs {@code task} on the worker thread and waits for its result. */
  private <T> T onWorker(Callable<T> task, String doing) {
    try {
      return worker.submit(task).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while " + doing, e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException runtime
          ? runtime
          : new IllegalStateException(e.getCause());
    }
  }

  public ReconcilerMetrics metrics() {
    return new ReconcilerMetrics(
        installed.size(),
        added.get(),
        updated.get(),
        removed.get(),
        repaired.get(),
        conflictsFound.get(),
        netlinkErrors.get(),
        resyncs.get(),
        lastResyncDuration,
        conflicts.size(),
        retries.size());
  }

  // ---- triggers (callers' threads and the monitor thread) ----

  private CompletableFuture<ConvergeReport> sourceChanged(Collection<RouteKey> keys) {
    CompletableFuture<ConvergeReport> done = new CompletableFuture<>();
    if (pending.addKeys(keys, done)) {
      worker.execute(this::update);
    }
    return done;
  }

  /**
   * Our own writes are settled by the kernel's answers to them, so their notifications are not
   * looked at: a full table's million echoes cost no decoding and no lookups.
   */
  @Override
  public boolean isOwnPort(int portId) {
    return portId != 0 && portId == kernel.portId();
  }

  @Override
  public void routeChanged(Route route, boolean deleted) {
    if (isChangeBehindOurBack(route, deleted) && pending.addKernelChange(route, deleted)) {
      // Gathers the notifications of one burst into one update.
      worker.schedule(this::update, config.repairDelay().toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /**
   * Whether a notification tells of something our own writes do not explain: a route of ours
   * deleted, added or changed by someone else, a foreign route taking one of our keys, or any
   * change to a key a foreign route holds.
   */
  private boolean isChangeBehindOurBack(Route route, boolean deleted) {
    RouteKey key = route.key();
    if (conflicts.contains(key)) {
      return true;
    }
    Route ours = installed.get(key);
    if (route.protocol() != config.protocol()) {
      return !deleted && ours != null;
    }
    if (deleted) {
      return ours != null && ours.isSatisfiedBy(route);
    }
    Route wanted = desired.winner(key);
    boolean echo =
        (ours != null && ours.isSatisfiedBy(route))
            || (wanted != null && wanted.isSatisfiedBy(route));
    return !echo;
  }

  @Override
  public void linkChanged(Link link, boolean deleted) {
    switch (links.update(link, deleted)) {
      case WENT_DOWN -> scheduleRepair("interface " + link.name() + " went down");
      case CAME_UP -> retryNow("interface " + link.name() + " came up");
      case NONE -> {}
    }
  }

  @Override
  public void addressChanged(InterfaceAddress address, boolean deleted) {
    if (deleted) {
      scheduleRepair("address " + address + " removed");
    } else {
      retryNow("address " + address + " added");
    }
  }

  @Override
  public void overrun() {
    scheduleRepair("route notifications were lost");
  }

  private void retryNow(String reason) {
    if (retries.makeAllDue()) {
      log.debug("{}: retrying {} refused routes now", reason, retries.size());
      requestUpdate();
    }
  }

  private void requestUpdate() {
    if (pending.request()) {
      worker.execute(this::update);
    }
  }

  private void scheduleRepair(String reason) {
    scheduleRepair(reason, config.repairDelay());
  }

  private void scheduleRepair(String reason, Duration delay) {
    if (repairScheduled.compareAndSet(false, true)) {
      worker.schedule(
          () -> {
            repairScheduled.set(false);
            resyncLogged("repair: " + reason);
          },
          delay.toMillis(),
          TimeUnit.MILLISECONDS);
    }
  }

  // ---- updates (worker thread) ----

  private void update() {
    PendingChanges.Batch batch = pending.take();
    try {
      ConvergeReport report = applyBatch(batch);
      batch.waiters().forEach(waiter -> waiter.complete(report));
    } catch (RuntimeException e) {
      // The desired routes are kept; the repair writes them.
      netlinkErrors.incrementAndGet();
      log.error("route update failed: {}; resyncing", e.getMessage());
      batch.waiters().forEach(waiter -> waiter.completeExceptionally(e));
      scheduleRepair("an update failed");
    } finally {
      scheduleRetries();
    }
  }

  private ConvergeReport applyBatch(PendingChanges.Batch batch) {
    if (resyncs.get() == 0) {
      // Routes of ours left by an earlier run are known only from a dump.
      return resync("first converge");
    }
    long start = System.nanoTime();
    Set<RouteKey> changedBehindOurBack = absorb(batch.kernelChanges());
    Set<RouteKey> keys = batch.keys(); // the batch's own set, handed over by take()
    keys.addAll(changedBehindOurBack);
    keys.addAll(retries.takeDue());
    RouteDelta delta = RouteDelta.forKeys(keys, desired::winner, installed, conflicts);
    WriteOutcome outcome = write(delta, false);
    ConvergeReport report = outcome.report(installed.size(), start);
    record(report);
    logConverge("update", report);
    return report;
  }

  /**
   * Brings what we believe is installed up to date with notifications of changes made by others;
   * returns their keys. A change to a key a foreign route holds lifts the conflict: the key is
   * tried again.
   */
  private Set<RouteKey> absorb(List<PendingChanges.KernelChange> changes) {
    Set<RouteKey> keys = new HashSet<>();
    for (PendingChanges.KernelChange change : changes) {
      Route route = change.route();
      RouteKey key = route.key();
      keys.add(key);
      conflicts.remove(key);
      Route ours = installed.get(key);
      if (ours != null
          && (change.deleted()
              || route.protocol() != config.protocol()
              || !ours.isSatisfiedBy(route))) {
        lost.add(key);
      }
      if (route.protocol() != config.protocol()) {
        if (!change.deleted()) {
          installed.remove(key); // a foreign route replaced ours
        }
      } else if (!change.deleted()) {
        installed.put(route);
      } else if (ours != null && ours.isSatisfiedBy(route)) {
        installed.remove(key);
      }
    }
    return keys;
  }

  // ---- resyncs (worker thread) ----

  private void resyncLogged(String reason) {
    try {
      resync(reason);
      failedRepairs = 0;
    } catch (RuntimeException e) {
      // Keep the worker alive and try again, waiting longer after each failure.
      failedRepairs++;
      Duration wait = backoff(failedRepairs);
      log.error(
          "route resync ({}) failed: {}; trying again in {} ms",
          reason,
          e.getMessage(),
          wait.toMillis());
      scheduleRepair("the last resync failed", wait);
    } finally {
      scheduleRetries();
    }
  }

  private Duration backoff(int failures) {
    Duration wait = config.retryInitial().multipliedBy(1L << Math.min(failures - 1, 20));
    return wait.compareTo(config.retryMax()) > 0 ? config.retryMax() : wait;
  }

  private ConvergeReport resync(String reason) {
    long start = System.nanoTime();
    RouteTable before = installed;
    RouteTable kernelNow = dumpOurRoutes();
    RouteDelta delta = RouteDelta.forResync(desired, kernelNow, conflicts);
    installed = kernelNow;
    // A route put back as we had it is a repair; anything else is an addition or an update.
    for (List<Route> written : List.of(delta.toAdd, delta.toReplace)) {
      for (Route route : written) {
        Route had = before.get(route.key());
        if (had != null && route.isSatisfiedBy(had)) {
          lost.add(route.key());
        }
      }
    }
    WriteOutcome outcome = write(delta, true);
    retries.retainOnly(key -> desired.winner(key) != null);
    conflicts.removeIf(key -> desired.winner(key) == null);
    lost.removeIf(key -> desired.winner(key) == null);
    ConvergeReport report = outcome.report(installed.size(), start);
    record(report);
    resyncs.incrementAndGet();
    lastResyncDuration = report.took();
    logConverge(reason, report);
    return report;
  }

  private RouteTable dumpOurRoutes() {
    RouteTable routes = new RouteTable();
    try {
      for (int family : new int[] {AddressFamilies.AF_INET, AddressFamilies.AF_INET6}) {
        for (Route route : kernel.routes(family, Netlink.ANY, config.protocol())) {
          routes.put(route);
        }
      }
    } catch (NetlinkException e) {
      netlinkErrors.incrementAndGet();
      throw e;
    }
    return routes;
  }

  // ---- writing (worker thread) ----

  /**
   * Writes a delta and settles each route by the kernel's answer: what we believe is installed, the
   * retries and the conflicts follow it.
   *
   * @param afterDump whether {@code installed} is fresh from a dump, so that a refused addition
   *     names a foreign route rather than one of ours we had not heard of
   */
  private WriteOutcome write(RouteDelta delta, boolean afterDump) {
    delta.settled.forEach(retries::forget);
    WriteOutcome outcome = new WriteOutcome();
    if (delta.isEmpty()) {
      return outcome;
    }
    Map<RouteKey, RouteFailure> refused = new HashMap<>();
    long wakeupsBeforeWrite = retries.wakeups();
    for (RouteOperation operation : RouteOperation.values()) {
      List<Route> routes =
          switch (operation) {
            case REPLACE -> delta.toReplace;
            case ADD -> delta.toAdd;
            case DELETE -> delta.toDelete;
          };
      if (!routes.isEmpty()) {
        kernel.apply(operation, routes).forEach(f -> refused.put(f.route().key(), f));
      }
    }
    settleWritten(delta.toAdd, refused, outcome, true);
    settleWritten(delta.toReplace, refused, outcome, false);
    settleDeleted(delta.toDelete, refused, outcome);
    refused
        .values()
        .forEach(failure -> settleRefused(failure, afterDump, wakeupsBeforeWrite, outcome));
    logFailures(outcome.newlyRefused);
    return outcome;
  }

  private void settleWritten(
      List<Route> routes,
      Map<RouteKey, RouteFailure> refused,
      WriteOutcome outcome,
      boolean additions) {
    for (Route route : routes) {
      if (refused.containsKey(route.key())) {
        continue;
      }
      installed.put(route);
      retries.forget(route.key());
      if (lost.remove(route.key())) {
        outcome.repaired++;
      } else if (additions) {
        outcome.added++;
      } else {
        outcome.updated++;
      }
    }
  }

  private void settleDeleted(
      List<Route> routes, Map<RouteKey, RouteFailure> refused, WriteOutcome outcome) {
    for (Route route : routes) {
      RouteFailure failure = refused.get(route.key());
      if (failure != null && failure.error().errno() == Errno.ESRCH) {
        refused.remove(route.key()); // already gone: what we wanted
      } else if (failure != null) {
        continue;
      } else {
        outcome.removed++;
      }
      installed.remove(route.key());
      retries.forget(route.key());
      lost.remove(route.key());
    }
  }

  private void settleRefused(
      RouteFailure failure, boolean afterDump, long wakeupsBeforeWrite, WriteOutcome outcome) {
    RouteKey key = failure.route().key();
    outcome.failures.add(failure);
    if (!isConflict(failure)) {
      netlinkErrors.incrementAndGet();
      if (retries.refused(key, wakeupsBeforeWrite) == 1) {
        outcome.newlyRefused.add(failure);
      }
    } else if (!afterDump) {
      // Ours, missed by our view, or a foreign route: only a dump tells which.
      scheduleRepair("a route we did not expect holds " + key);
    } else if (conflicts.add(key)) {
      conflictsFound.incrementAndGet();
      retries.forget(key);
      outcome.newlyRefused.add(failure);
    }
  }

  /** An add refused because a route already holds the key. */
  private static boolean isConflict(RouteFailure failure) {
    return failure.operation() == RouteOperation.ADD && failure.error().errno() == Errno.EEXIST;
  }

  /** Logs each refusal once: a conflict when found, another error on a route's first refusal. */
  private void logFailures(List<RouteFailure> failures) {
    failures.stream()
        .limit(LOGGED_FAILURES_PER_CONVERGE)
        .forEach(
            f ->
                log.warn(
                    "{}{}",
                    f.error().getMessage(),
                    isConflict(f)
                        ? " (a route that is not ours holds this key; left alone until the kernel"
                            + " reports a change to it)"
                        : " (tried again with backoff)"));
    if (failures.size() > LOGGED_FAILURES_PER_CONVERGE) {
      log.warn("... and {} more refused routes", failures.size() - LOGGED_FAILURES_PER_CONVERGE);
    }
  }

  /** Makes sure an update runs when the next refused route is due. */
  private void scheduleRetries() {
    OptionalLong wait = retries.nanosUntilNextDue();
    if (wait.isEmpty()) {
      return;
    }
    long delay = wait.getAsLong();
    if (retryTimer != null && !retryTimer.isDone()) {
      if (retryTimer.getDelay(TimeUnit.NANOSECONDS) <= delay) {
        return;
      }
      retryTimer.cancel(false);
    }
    retryTimer = worker.schedule(this::requestUpdate, delay, TimeUnit.NANOSECONDS);
  }

  // ---- accounting ----

  private void record(ConvergeReport report) {
    added.addAndGet(report.added());
    updated.addAndGet(report.updated());
    repaired.addAndGet(report.repaired());
    removed.addAndGet(report.removed());
  }

  private void logConverge(String reason, ConvergeReport report) {
    if (report.wasNoOp()) {
      log.debug(
          "routes converged ({}): no change, {} owned, {} ms",
          reason,
          report.owned(),
          report.took().toMillis());
    } else {
      log.info(
          "routes converged ({}): {} added, {} updated, {} repaired, {} removed, {} refused,"
              + " {} owned, {} in conflict, {} awaiting retry, {} ms",
          reason,
          report.added(),
          report.updated(),
          report.repaired(),
          report.removed(),
          report.failures().size(),
          report.owned(),
          conflicts.size(),
          retries.size(),
          report.took().toMillis());
    }
  }

  @Override
  public void close() {
    worker.shutdownNow();
  }
}
