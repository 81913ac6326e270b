package dev.tabby.node;

import dev.tabby.bgp.BgpSpeaker;
import dev.tabby.bgp.PeerStatus;
import dev.tabby.bgp.SpeakerConfig;
import dev.tabby.bgp.session.SessionState;
import dev.tabby.bgp.wire.GracefulRestart;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When a speaker restarting gracefully (RFC 4724 §4.1) sends its peers their initial tables and
 * End-of-RIB, which its {@link BgpSpeaker} holds until told ({@link
 * BgpSpeaker#initialRoutesReady()}) or until the restart time: once its own routes are originated
 * again and, for a route reflector, once its peers have sent theirs.
 *
 * <p>A helper flushes, at our End-of-RIB, what we have not sent it again. A node originates only
 * its blocks, so its tables are complete once they are back. A reflector (tabby-rr, or a node whose
 * Node carries a cluster ID) passes on its clients' routes: sent before the other clients' routes
 * were back, its End-of-RIB would flush them at every client. It waits for every planned peer to be
 * up and to send End-of-RIB (the route selection deferral of §4.1), except:
 *
 * <ul>
 *   <li>a peer that sent no graceful restart capability (it sends no End-of-RIB) or set the Restart
 *       State bit (restarting itself, it may hold its table until ours: another reflector of the
 *       cluster killed along with this one does, and waiting for each other would hold both until
 *       the deadline);
 *   <li>a peer that is not up after the peer wait: a peer that is down (gone, refusing, its agent
 *       stopped) must not hold every other client's routes for the whole restart time. A peer that
 *       is up is waited for until its End-of-RIB, or the restart time.
 * </ul>
 */
public final class InitialTables {
  private static final Logger log = LoggerFactory.getLogger(InitialTables.class);

  /** How often the peers are looked at while the tables are held. */
  static final Duration CHECK_INTERVAL = Duration.ofMillis(200);

  /** How long a planned peer that is not up holds a reflector's tables, by default. */
  public static final Duration DEFAULT_PEER_WAIT = Duration.ofSeconds(15);

  private final boolean holding;
  private final boolean reflector;
  private final Duration restartTime;
  private final Duration peerWait;
  private final long startNanos = System.nanoTime();
  private boolean ownRoutesReady;
  private boolean sent;
  private BgpSpeaker speaker;
  private ScheduledFuture<?> checks;

  private InitialTables(
      boolean holding, boolean reflector, Duration restartTime, Duration peerWait) {
    this.holding = holding;
    this.reflector = reflector;
    this.restartTime = restartTime;
    this.peerWait = peerWait;
  }

  /**
   * For a speaker started with {@code config}: it holds its tables when it restarted ({@link
   * dev.tabby.bgp.GracefulRestartConfig#restarted()}), and waits for its peers' when it has a
   * cluster ID.
   */
  public static InitialTables of(SpeakerConfig config, Duration peerWait) {
    if (peerWait.isNegative()) {
      throw new IllegalArgumentException("peer wait must not be negative, got " + peerWait);
    }
    return new InitialTables(
        config.gracefulRestart().restarted(),
        config.clusterId() != null,
        config.gracefulRestart().restartTime(),
        peerWait);
  }

  /**
   * Looks at the speaker's peers now and then until the tables are sent; call once the speaker has
   * its first planned peers. Does nothing when the speaker holds nothing.
   */
  public synchronized void start(BgpSpeaker speaker, ScheduledExecutorService executor) {
    if (checks != null || !holding) {
      return;
    }
    this.speaker = speaker;
    checks =
        executor.scheduleWithFixedDelay(
            this::check, 0, CHECK_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Our own routes are originated again (a node's blocks; a tabby-rr, which originates nothing, at
   * once): the tables go now, or once the peers' are in.
   */
  public synchronized void ownRoutesReady() {
    ownRoutesReady = true;
    if (checks != null) {
      check();
    }
  }

  /** The tables were sent, or nothing was held. */
  public synchronized boolean sent() {
    return sent || !holding;
  }

  private synchronized void check() {
    if (sent) {
      return;
    }
    Duration waited = Duration.ofNanos(System.nanoTime() - startNanos);
    if (waited.compareTo(restartTime) >= 0) {
      // The speaker has sent them at its own deadline (event=initial-tables-deadline).
      sent = true;
      checks.cancel(false);
      return;
    }
    List<PeerStatus> peers = speaker.peers();
    if (readyToSend(peers, waited)) {
      sent = true;
      checks.cancel(false);
      speaker.initialRoutesReady();
      log.info(
          "event=initial-tables-sent after-ms={} peers={} peers-not-up={} reason=\"{}\"",
          waited.toMillis(),
          peers.size(),
          notUp(peers).stream().map(InetAddress::getHostAddress).toList(),
          reflector
              ? "own routes originated again and every peer up sent its table"
              : "own routes originated again");
    }
  }

  /** Whether the tables may go, {@code waited} after the start, with the peers as they are now. */
  synchronized boolean readyToSend(List<PeerStatus> peers, Duration waited) {
    if (!ownRoutesReady) {
      return false;
    }
    return !reflector || everyPeerSentItsTable(peers, waited.compareTo(peerWait) >= 0);
  }

  /**
   * Every peer has sent its table, or is not waited for (see the class comment); {@code
   * peerWaitOver}: peers that are not up are no longer waited for.
   */
  static boolean everyPeerSentItsTable(List<PeerStatus> peers, boolean peerWaitOver) {
    return peers.stream().allMatch(peer -> sentItsTable(peer, peerWaitOver));
  }

  private static boolean sentItsTable(PeerStatus peer, boolean peerWaitOver) {
    if (peer.state() != SessionState.ESTABLISHED) {
      return peerWaitOver;
    }
    GracefulRestart capability =
        peer.negotiated() == null ? null : peer.negotiated().peerGracefulRestart();
    return capability == null || capability.restartState() || peer.counters().endOfRib();
  }

  private static List<InetAddress> notUp(List<PeerStatus> peers) {
    return peers.stream()
        .filter(peer -> peer.state() != SessionState.ESTABLISHED)
        .map(PeerStatus::address)
        .toList();
  }
}
