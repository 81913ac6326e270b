package dev.tabby.node;

import dev.tabby.bgp.BgpSpeaker;
import dev.tabby.bgp.GracefulRestartConfig;
import dev.tabby.bgp.PeerStatus;
import dev.tabby.bgp.session.SessionState;
import dev.tabby.dataplane.RouteReconciler;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's side of graceful restart as the restarting speaker (RFC 4724 §4.1). The kernel routes
 * an earlier run of the agent left are kept, as stale, while the peers keep this node's routes; the
 * peers are sent this node's routes and End-of-RIB once its own blocks are originated again (and,
 * on a node that is a route reflector, once its peers' routes are in: {@link InitialTables}); the
 * stale kernel routes not learned again go once every peer is back and has sent End-of-RIB, or at
 * the restart time. Every peer sends its End-of-RIB without waiting for ours (our OPEN carries the
 * Restart State bit).
 */
final class RestartRecovery {
  private static final Logger log = LoggerFactory.getLogger(RestartRecovery.class);

  /** How often the peers' End-of-RIB is checked while stale routes are kept. */
  static final Duration CHECK_INTERVAL = Duration.ofMillis(200);

  private final RouteReconciler reconciler;
  private final Duration restartTime;
  private final int keptRoutes;
  private final long startNanos = System.nanoTime();
  private boolean ownRoutesBack;
  private boolean released;
  private InitialTables tables;
  private ScheduledFuture<?> checks;

  private RestartRecovery(RouteReconciler reconciler, Duration restartTime, int keptRoutes) {
    this.reconciler = reconciler;
    this.restartTime = restartTime;
    this.keptRoutes = keptRoutes;
  }

  /**
   * Keeps the kernel routes an earlier run left, as stale, unless graceful restart is off ({@code
   * restartTime} zero). Call before anything writes routes.
   */
  static RestartRecovery begin(RouteReconciler reconciler, Duration restartTime) {
    int kept = restartTime.isZero() ? 0 : reconciler.keepKernelRoutesAsStale();
    if (kept > 0) {
      log.info(
          "event=graceful-restart-recovering stale-kernel-routes={} restart-time={}s",
          kept,
          restartTime.toSeconds());
    }
    return new RestartRecovery(reconciler, restartTime, kept);
  }

  /**
   * The capability the speaker offers: our families when graceful restart is on, with the Restart
   * State and Forwarding State bits when an earlier run's routes were found in the kernel.
   */
  GracefulRestartConfig speakerConfig() {
    if (restartTime.isZero()) {
      return new GracefulRestartConfig(Duration.ZERO, false, false, false);
    }
    boolean restarted = keptRoutes > 0;
    return new GracefulRestartConfig(restartTime, true, restarted, restarted);
  }

  /**
   * Checks the peers now and then until the stale routes are released, the deadline included, and
   * starts {@code tables}, which send our routes and End-of-RIB once ours are back.
   */
  synchronized void start(
      BgpSpeaker speaker, ScheduledExecutorService executor, InitialTables tables) {
    this.tables = tables;
    tables.start(speaker, executor);
    if (keptRoutes == 0) {
      released = true;
      return;
    }
    checks =
        executor.scheduleWithFixedDelay(
            () -> check(speaker),
            CHECK_INTERVAL.toMillis(),
            CHECK_INTERVAL.toMillis(),
            TimeUnit.MILLISECONDS);
  }

  /**
   * The node's own blocks are originated again (the first sync with the datastore in sync): the
   * peers get our routes and End-of-RIB, at once or once the tables' peers are in.
   */
  synchronized void ownRoutesBack() {
    if (!ownRoutesBack) {
      ownRoutesBack = true;
      tables.ownRoutesReady();
    }
  }

  private synchronized void check(BgpSpeaker speaker) {
    if (released) {
      return;
    }
    Duration waited = Duration.ofNanos(System.nanoTime() - startNanos);
    if (waited.compareTo(restartTime) >= 0) {
      release("deadline", waited, speaker.peers());
    } else if (ownRoutesBack && everyPeerSentEndOfRib(speaker.peers())) {
      release("end-of-rib", waited, speaker.peers());
    }
  }

  /**
   * Every configured peer is Established and, when it offered graceful restart, sent End-of-RIB.
   */
  static boolean everyPeerSentEndOfRib(List<PeerStatus> peers) {
    return peers.stream().allMatch(RestartRecovery::sentEndOfRib);
  }

  /** The peer is Established and, when it offered graceful restart, sent End-of-RIB. */
  private static boolean sentEndOfRib(PeerStatus peer) {
    return peer.state() == SessionState.ESTABLISHED
        && (peer.negotiated() == null
            || peer.negotiated().peerGracefulRestart() == null
            || peer.counters().endOfRib());
  }

  /**
   * The node's own graceful restart, as {@code /peers} and the metrics show it.
   *
   * @param restarting the kernel routes of an earlier run are kept, stale, until every peer is back
   *     and sent End-of-RIB, or the deadline
   * @param staleKernelRoutes how many kernel routes were kept at start
   * @param ownRoutesSent the peers were sent our routes and End-of-RIB (a reflector sends them once
   *     its peers' routes are in too)
   * @param waitingFor the peers not back yet or whose End-of-RIB has not come; empty when not
   *     restarting
   * @param timeLeft until the deadline; zero when not restarting
   */
  record Status(
      boolean restarting,
      int staleKernelRoutes,
      boolean ownRoutesSent,
      List<InetAddress> waitingFor,
      Duration timeLeft) {}

  synchronized Status status(List<PeerStatus> peers) {
    boolean ownRoutesSent = tables != null && tables.sent();
    if (released || keptRoutes == 0) {
      return new Status(false, keptRoutes, ownRoutesSent, List.of(), Duration.ZERO);
    }
    Duration left = restartTime.minus(Duration.ofNanos(System.nanoTime() - startNanos));
    return new Status(
        true,
        keptRoutes,
        ownRoutesSent,
        peers.stream().filter(peer -> !sentEndOfRib(peer)).map(PeerStatus::address).toList(),
        left.isNegative() ? Duration.ZERO : left);
  }

  private void release(String reason, Duration waited, List<PeerStatus> peers) {
    released = true;
    checks.cancel(false);
    long waiting = peers.stream().filter(p -> p.state() != SessionState.ESTABLISHED).count();
    reconciler
        .releaseStale()
        .whenComplete(
            (report, failure) -> {
              if (failure != null) {
                log.error(
                    "event=graceful-restart-release-failed reason=\"{}\"", failure.getMessage());
              } else {
                log.info(
                    "event=graceful-restart-done trigger={} after-ms={} stale-kernel-routes={}"
                        + " removed={} peers-not-back={}",
                    reason,
                    waited.toMillis(),
                    keptRoutes,
                    report.removed(),
                    waiting);
              }
            });
  }
}
