package dev.tabby.rr;

import dev.tabby.bgp.BgpSpeaker;
import dev.tabby.bgp.PeerStatus;
import dev.tabby.bgp.session.SessionState;
import dev.tabby.bgp.wire.GracefulRestart;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When a started reflector sends its peers their initial tables and End-of-RIB: once every planned
 * peer is up and has sent its own table (RFC 4724 §4.1, the restarting speaker's deferral), or at
 * the restart time, when the speaker sends them anyway. A client keeping the reflector's routes
 * from before its restart flushes, at the reflector's End-of-RIB, what the reflector has not sent
 * it again: sent before the other clients' routes were back, that End-of-RIB would flush them.
 */
final class InitialTables {
  private static final Logger log = LoggerFactory.getLogger(InitialTables.class);

  /** How often the peers are looked at while the tables are held. */
  private static final Duration CHECK_INTERVAL = Duration.ofMillis(200);

  private final Duration restartTime;
  private final long startNanos = System.nanoTime();
  private ScheduledFuture<?> checks;

  InitialTables(Duration restartTime) {
    this.restartTime = restartTime;
  }

  /**
   * Looks at the speaker's peers now and then until the tables are sent; call once the speaker has
   * its first planned peers. Does nothing when graceful restart is off (nothing is held).
   */
  synchronized void start(BgpSpeaker speaker, ScheduledExecutorService executor) {
    if (checks != null || restartTime.isZero()) {
      return;
    }
    checks =
        executor.scheduleWithFixedDelay(
            () -> check(speaker), 0, CHECK_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
  }

  private synchronized void check(BgpSpeaker speaker) {
    Duration waited = Duration.ofNanos(System.nanoTime() - startNanos);
    if (waited.compareTo(restartTime) >= 0) {
      // The speaker has sent them at its own deadline (event=initial-tables-deadline).
      checks.cancel(false);
      return;
    }
    List<PeerStatus> peers = speaker.peers();
    if (everyPeerSentItsTable(peers)) {
      checks.cancel(false);
      speaker.initialRoutesReady();
      log.info(
          "event=initial-tables-sent after-ms={} peers={} reason=\"every peer sent its table\"",
          waited.toMillis(),
          peers.size());
    }
  }

  /**
   * Every peer is Established and has sent End-of-RIB, unless it sent no graceful restart
   * capability (it sends none) or set the Restart State bit: a peer restarting itself may hold its
   * table back until its own peers' are in (another reflector of the cluster, killed along with
   * this one, does), and waiting for each other would hold both until the deadline.
   */
  static boolean everyPeerSentItsTable(List<PeerStatus> peers) {
    return peers.stream().allMatch(InitialTables::sentItsTable);
  }

  private static boolean sentItsTable(PeerStatus peer) {
    if (peer.state() != SessionState.ESTABLISHED) {
      return false;
    }
    GracefulRestart capability =
        peer.negotiated() == null ? null : peer.negotiated().peerGracefulRestart();
    return capability == null || capability.restartState() || peer.counters().endOfRib();
  }
}
