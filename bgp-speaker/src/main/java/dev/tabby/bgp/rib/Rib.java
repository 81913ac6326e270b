package dev.tabby.bgp.rib;

import com.google.common.net.InetAddresses;
import dev.tabby.bgp.wire.AddressFamily;
import dev.tabby.bgp.wire.PathAttributes;
import dev.tabby.bgp.wire.UpdateMessage;
import dev.tabby.net.IpPrefix;
import io.netty.buffer.ByteBufAllocator;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The speaker's routing information bases: Adj-RIB-In and Adj-RIB-Out per peer, the Loc-RIB, best
 * path and multipath selection, route reflection and export to peers.
 *
 * <p>One thread owns all RIB state, so the hot path takes no locks: every public method only
 * enqueues work for it and is safe to call from any thread. The thread takes a burst of queued work
 * (say, many UPDATEs from a fast peer) before acting on the result, so changes to many prefixes
 * with the same attributes go out in few UPDATEs. Listeners are called on the RIB thread.
 */
public final class Rib implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Rib.class);

  /** How much queued work is taken before changes are flushed, bounding their latency. */
  private static final int MAX_TASKS_PER_FLUSH = 256;

  /**
   * How many changed prefixes are let to pile up before a flush, checked between tasks (one UPDATE
   * may go past it by its own prefixes). Counting tasks alone let a flush take 256 full UPDATEs,
   * some 200,000 prefixes: a fifth of a million-prefix table that listeners (the dataplane) heard
   * of late and all at once, and that the published counters skipped over. 16,384 prefixes are some
   * tens of milliseconds of a table load, so counts move in steps of under 2 % of such a table,
   * while a flush's own cost (publishing counters, grouping prefixes into UPDATEs, at most one
   * part-filled UPDATE per attribute set) stays spread over thousands of prefixes.
   */
  static final int MAX_CHANGES_PER_FLUSH = 16_384;

  /** The most routes one page of a listing holds: a page takes the RIB thread one pass. */
  public static final int MAX_PAGE = 65_536;

  private static final Runnable STOP = () -> {};

  private final RibCore core;

  /** Graceful-restart deadlines: each enqueues its work for the RIB thread when it expires. */
  private final ScheduledExecutorService timers =
      Executors.newSingleThreadScheduledExecutor(
          task -> {
            Thread timer = new Thread(task, "tabby-rib-timers");
            timer.setDaemon(true);
            return timer;
          });

  private final BlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();
  private final Thread thread;
  private volatile boolean closed;

  /** Completed with the reason when the RIB thread ends other than by {@link #close()}. */
  private final CompletableFuture<String> failure = new CompletableFuture<>();

  /** Whether a refresh step waits in the queue; on the RIB thread only. */
  private boolean refreshStepQueued;

  /**
   * Starts the RIB thread.
   *
   * @param clusterId our cluster ID when this speaker is a route reflector; null otherwise
   */
  public Rib(Inet4Address localRouterId, long localAs, Inet4Address clusterId) {
    this(localRouterId, localAs, clusterId, ByteBufAllocator.DEFAULT);
  }

  Rib(
      Inet4Address localRouterId,
      long localAs,
      Inet4Address clusterId,
      ByteBufAllocator allocator) {
    this.core = new RibCore(localRouterId, localAs, clusterId, allocator);
    this.thread = new Thread(this::run, "tabby-rib");
    thread.setDaemon(true);
    thread.start();
    log.info(
        "RIB started on thread {}: router ID {}, AS {}{}",
        thread.getName(),
        InetAddresses.toAddrString(localRouterId),
        localAs,
        clusterId == null
            ? ""
            : ", route reflector with cluster ID " + InetAddresses.toAddrString(clusterId));
  }

  /**
   * The peer reached Established: it is sent its whole Adj-RIB-Out and then an End-of-RIB marker
   * per negotiated family.
   */
  public void peerUp(PeerInfo peer, PeerOutbound outbound) {
    enqueue(() -> core.peerUp(peer, outbound));
  }

  /**
   * The peer reached Established again after its connection was lost with {@link #peerLost}: the
   * stale routes of families it did not keep forwarding state for ({@code forwardingKept}, the F
   * bits of its OPEN) are withdrawn; the others wait for its End-of-RIB at most the stale time
   * given to {@link #peerLost}.
   */
  public void peerUp(PeerInfo peer, PeerOutbound outbound, Set<AddressFamily> forwardingKept) {
    Set<AddressFamily> kept = Set.copyOf(forwardingKept);
    enqueue(
        () -> {
          RestartingPeer restart = core.peerUp(peer, outbound, kept);
          if (restart != null) {
            scheduleDeadline(
                restart, restart.staleTime, "no End-of-RIB within the stale-routes time");
          }
        });
  }

  /** The peer's session ended: its paths are withdrawn. */
  public void peerDown(InetAddress peer) {
    enqueue(() -> core.peerDown(peer));
  }

  /**
   * The connection of a peer that can restart gracefully (RFC 4724) was lost: its routes of {@code
   * keep} stay, marked stale, for {@code restartTime} while it comes back, and then for {@code
   * staleTime} while it sends them again up to its End-of-RIB; what is not sent again by then is
   * withdrawn. Its other routes are withdrawn at once.
   */
  public void peerLost(
      InetAddress peer, Set<AddressFamily> keep, Duration restartTime, Duration staleTime) {
    peerLost(peer, keep, restartTime, staleTime, Map.of());
  }

  /**
   * As {@link #peerLost(InetAddress, Set, Duration, Duration)}, and the routes of the families of
   * {@code longLived} then stay for their long-lived stale time (RFC 9494): tagged LLGR_STALE,
   * least preferred, sent only to peers that negotiated long-lived graceful restart.
   */
  public void peerLost(
      InetAddress peer,
      Set<AddressFamily> keep,
      Duration restartTime,
      Duration staleTime,
      Map<AddressFamily, Duration> longLived) {
    Set<AddressFamily> kept = Set.copyOf(keep);
    Map<AddressFamily, Duration> longLivedTimes = Map.copyOf(longLived);
    enqueue(
        () -> {
          RestartingPeer restart =
              core.peerLost(peer, kept, restartTime, staleTime, longLivedTimes);
          if (restart != null) {
            if (!restartTime.isZero()) {
              scheduleDeadline(restart, restartTime, "not back within the restart time");
            }
            scheduleLongLivedDeadlines(restart, restart.longLived);
          }
        });
  }

  /** On the RIB thread: the restart's stale routes go after {@code after} unless it ends first. */
  private void scheduleDeadline(RestartingPeer restart, Duration after, String what) {
    int reconnects = restart.reconnects;
    schedule(
        after,
        () -> scheduleLongLivedDeadlines(restart, core.restartDeadline(restart, reconnects, what)));
  }

  /** On the RIB thread: the long-lived stale routes of each family go after its stale time. */
  private void scheduleLongLivedDeadlines(RestartingPeer restart, Set<AddressFamily> families) {
    for (AddressFamily family : Set.copyOf(families)) {
      schedule(
          restart.longLivedStaleTimes.get(family), () -> core.longLivedDeadline(restart, family));
    }
  }

  /** Runs {@code task} on the RIB thread after {@code after}. */
  private void schedule(Duration after, Runnable task) {
    try {
      timers.schedule(() -> enqueue(task), after.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      log.debug("RIB is closed; no graceful-restart deadline");
    }
  }

  /**
   * An UPDATE from the peer; {@code processed} runs on the RIB thread once it has been applied (the
   * session's read budget).
   */
  public void update(InetAddress peer, UpdateMessage update, Runnable processed) {
    enqueue(
        () -> {
          try {
            core.update(peer, update);
          } finally {
            processed.run();
          }
        });
  }

  /** The peer's connection can take more again: what was held back for it is sent. */
  public void peerWritable(InetAddress peer) {
    enqueue(
        () -> {
          core.peerWritable(peer);
          scheduleRefreshStep();
        });
  }

  /**
   * The peer asked for a route refresh: its Adj-RIB-Out of the family is sent again, a chunk per
   * task at the tail of the queue, while its connection is writable; a request while one is being
   * sent adds one more pass.
   */
  public void routeRefresh(InetAddress peer, AddressFamily family) {
    enqueue(
        () -> {
          core.routeRefresh(peer, family);
          scheduleRefreshStep();
        });
  }

  /** On the RIB thread: queues the next refresh chunks behind the work already waiting. */
  private void scheduleRefreshStep() {
    if (!refreshStepQueued) {
      refreshStepQueued = true;
      enqueue(this::refreshStep);
    }
  }

  private void refreshStep() {
    refreshStepQueued = false;
    core.flush(); // what other peers' UPDATEs changed goes out before the next chunk
    if (core.continueRefreshes()) {
      scheduleRefreshStep();
    }
  }

  /**
   * Sets how many routes the RIB may hold ({@link RouteBudget}; by default derived from the maximum
   * heap). A peer whose UPDATE would take it further is torn down.
   */
  public void routeBudget(long routes) {
    if (routes < 1) {
      throw new IllegalArgumentException("a route budget is at least 1 route, not " + routes);
    }
    enqueue(() -> core.routeBudget(routes));
  }

  /**
   * Holds back every peer's initial table and End-of-RIB until {@link #sendInitialTables()}, or at
   * most {@code deadline}: a speaker restarting gracefully (RFC 4724 §4.1) first gets its own
   * routes back. Routes that change meanwhile still go out as updates.
   */
  public void holdInitialTables(Duration deadline) {
    enqueue(() -> core.holdInitialDumps(true));
    try {
      timers.schedule(
          () ->
              enqueue(
                  () -> {
                    if (core.holdInitialDumps(false)) {
                      log.warn(
                          "event=initial-tables-deadline after={}s action=\"peers are sent their"
                              + " tables and End-of-RIB\"",
                          deadline.toSeconds());
                    }
                  }),
          deadline.toMillis(),
          TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      log.debug("RIB is closed; no initial-tables deadline");
    }
  }

  /**
   * Sends the peers that came up their initial table and End-of-RIB; see {@link
   * #holdInitialTables}.
   */
  public void sendInitialTables() {
    enqueue(() -> core.holdInitialDumps(false));
  }

  /** Originates a route of this speaker (replacing an earlier one for the prefix). */
  public void originate(IpPrefix prefix, PathAttributes attributes) {
    enqueue(() -> core.originate(prefix, attributes));
  }

  /** Stops originating the prefix. */
  public void withdrawOriginated(IpPrefix prefix) {
    enqueue(() -> core.withdrawOriginated(prefix));
  }

  /**
   * Registers a listener for best-path changes; it is called on the RIB thread, first with every
   * current best path.
   */
  public void addListener(BestPathListener listener) {
    enqueue(() -> core.addListener(listener));
  }

  /**
   * Unregisters a listener. Once this returns it is not called again; called on the RIB thread
   * (from a listener), it takes effect after the current batch of changes.
   */
  public void removeListener(BestPathListener listener) {
    CompletableFuture<Void> removed =
        query(
            () -> {
              core.removeListener(listener);
              return null;
            });
    if (Thread.currentThread() != thread) {
      // A closed RIB (refused) or a dead RIB thread (failure) calls no listener any more.
      CompletableFuture.anyOf(removed, failure).exceptionally(e -> null).join();
    }
  }

  /** The best path of every prefix, ordered by prefix. */
  public CompletableFuture<List<Route>> locRib() {
    return query(core::bestPaths);
  }

  /**
   * The best paths passing the filter to the first {@code limit} prefixes after {@code after}
   * (null: from the first), in prefix order. Each page is one task of the RIB thread (one pass over
   * the table), so a listing of a big table taken page by page lets the RIB work in between.
   */
  public CompletableFuture<RoutePage> bestPaths(RouteFilter filter, IpPrefix after, int limit) {
    if (limit < 1 || limit > MAX_PAGE) {
      throw new IllegalArgumentException("a page holds 1.." + MAX_PAGE + " routes, not " + limit);
    }
    return query(() -> core.bestPaths(filter, after, limit));
  }

  /** How many prefixes have a best path. */
  public CompletableFuture<Integer> routeCount() {
    return query(core::routeCount);
  }

  /**
   * Route counts per established peer as of the RIB thread's last flush (at least every {@value
   * #MAX_TASKS_PER_FLUSH} tasks or about {@value #MAX_CHANGES_PER_FLUSH} changed prefixes). Answers
   * at once, even while the RIB thread is busy; call {@link #barrier()} first to count everything
   * enqueued before.
   */
  public Map<InetAddress, PeerCounters> counters() {
    return core.publishedCounters();
  }

  /** Per established peer, its accepted prefixes per family, published as {@link #counters()}. */
  public Map<InetAddress, Map<AddressFamily, Long>> acceptedPerFamily() {
    return core.publishedAcceptedPerFamily();
  }

  /**
   * Completes once everything enqueued before it has been processed and its effects (listener
   * calls, UPDATEs to peers) have happened.
   */
  public CompletableFuture<Void> barrier() {
    return query(() -> null);
  }

  /** The candidate paths to a prefix, best first (for tests and diagnostics). */
  CompletableFuture<List<Route>> candidates(IpPrefix prefix) {
    return query(() -> core.candidates(prefix));
  }

  /** How many distinct attribute sets the RIB holds (for tests and diagnostics). */
  CompletableFuture<Integer> internedAttributeSets() {
    return query(core::internedAttributeSets);
  }

  /**
   * Completes with the reason when the RIB thread has ended without {@link #close()}: the RIB then
   * does nothing any more, and its owner should stop (the daemon exits so its supervisor restarts
   * it). Never completes otherwise.
   */
  public CompletableFuture<String> failure() {
    return failure;
  }

  /** Stops the RIB thread after the work already enqueued. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    timers.shutdownNow();
    queue.add(STOP);
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    log.info("RIB on thread {} stopped", thread.getName());
  }

  private <T> CompletableFuture<T> query(Supplier<T> supplier) {
    Query<T> query = new Query<>(supplier);
    if (!enqueue(query)) {
      query.refuse();
    }
    return query.result;
  }

  /** A question answered on the RIB thread once earlier work has taken effect. */
  private final class Query<T> implements Runnable {
    final CompletableFuture<T> result = new CompletableFuture<>();
    private final Supplier<T> supplier;

    Query(Supplier<T> supplier) {
      this.supplier = supplier;
    }

    @Override
    public void run() {
      try {
        core.flush();
        result.complete(supplier.get());
      } catch (RuntimeException e) {
        result.completeExceptionally(e);
      }
    }

    void refuse() {
      result.completeExceptionally(new IllegalStateException("the RIB is closed"));
    }
  }

  private boolean enqueue(Runnable task) {
    if (closed) {
      log.debug("RIB is closed; dropping work");
      return false;
    }
    queue.add(task);
    return true;
  }

  /**
   * The RIB thread: serves queued work until {@link #close()}. Any other end (an Error escaping a
   * task or a listener, an interrupt) leaves a speaker whose sessions look alive while nothing is
   * processed any more, so it completes {@link #failure()} for the embedder to act on.
   */
  private void run() {
    String death = null;
    try {
      serve();
    } catch (InterruptedException e) {
      death = "the RIB thread was interrupted";
    } catch (Throwable t) {
      death = "the RIB thread died: " + t;
    } finally {
      closed = true;
      // Whoever still waits for an answer must not wait forever.
      for (Runnable task = queue.poll(); task != null; task = queue.poll()) {
        if (task instanceof Query<?> query) {
          query.refuse();
        }
      }
      if (death != null) {
        failure.complete(death);
      }
    }
  }

  /** Runs queued work in bursts until the STOP task; returns when it was taken. */
  private void serve() throws InterruptedException {
    while (true) {
      Runnable task = queue.take();
      for (int taken = 1; task != null; taken++) {
        if (task == STOP) {
          runSafely(core::flush);
          return;
        }
        runSafely(task);
        task =
            taken < MAX_TASKS_PER_FLUSH && core.changedPrefixes() < MAX_CHANGES_PER_FLUSH
                ? queue.poll()
                : null;
      }
      runSafely(core::flush);
    }
  }

  private static void runSafely(Runnable task) {
    try {
      task.run();
    } catch (RuntimeException e) {
      // A bug, not bad input: log it and keep the RIB serving the other peers.
      log.error("RIB task failed", e);
    }
  }
}
