package dev.tabby.bgp.session;

import com.google.common.net.InetAddresses;
import dev.tabby.bgp.logging.LogRateLimiter;
import dev.tabby.bgp.wire.AddressFamily;
import dev.tabby.bgp.wire.BgpMessage;
import dev.tabby.bgp.wire.CodecContext;
import dev.tabby.bgp.wire.DecodeFailure;
import dev.tabby.bgp.wire.KeepaliveMessage;
import dev.tabby.bgp.wire.NotificationMessage;
import dev.tabby.bgp.wire.OpenMessage;
import dev.tabby.bgp.wire.RouteRefreshMessage;
import dev.tabby.bgp.wire.UpdateMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The BGP finite state machine for one peer (RFC 4271 §8), including connection collision detection
 * (§6.8): up to two connections with the peer may be opening at once, one in each direction, and
 * the one initiated by the speaker with the higher BGP identifier survives.
 *
 * <p>A connection that has not sent its OPEN is a TCP connection from the peer's address and
 * nothing more (its source may be spoofed): it is closed when no OPEN comes within the open
 * timeout, a second one in the same direction is refused at once, and it takes part in no
 * collision, so it can neither displace the peer's real connection nor hold our own outbound one.
 *
 * <p>All state lives on one thread: every public event method hands its work to the session's
 * executor, and the scheduler runs timers on that same thread. Transport and clock are interfaces,
 * so the whole machine runs in unit tests without sockets or real time.
 */
public final class BgpSession {

  private static final Logger log = LoggerFactory.getLogger(BgpSession.class);

  private final SessionParameters params;
  private final Executor executor;
  private final Scheduler scheduler;
  private final Connector connector;
  private final SessionListener listener;
  private final OpenNegotiation negotiation;
  private final String logPrefix;

  /**
   * A peer may ask for a route refresh at most once per this interval: each costs our whole table
   * of the family on the wire. Requests within it are merged into one, sent when it ends.
   */
  static final Duration MIN_REFRESH_INTERVAL = Duration.ofSeconds(5);

  /** Open connections: normally one, two while a collision is being resolved. */
  private final List<Connection> connections = new ArrayList<>(2);

  /** The state while no connection is open: Idle, Connect or Active. */
  private SessionState unconnectedState = SessionState.IDLE;

  private boolean started;
  private final Map<AddressFamily, Long> lastRefreshNanos = new EnumMap<>(AddressFamily.class);
  private final Set<AddressFamily> deferredRefreshes = EnumSet.noneOf(AddressFamily.class);
  private final LogRateLimiter refreshWarnings = new LogRateLimiter();
  private Cancellable connectRetryTimer;
  private Cancellable connectAttempt;

  /** Ends the stay-down after a prefix limit was exceeded; null when the session is not down so. */
  private Cancellable stayDownTimer;

  /** When the stay-down ends, for status displays; null when the session is not down so. */
  private volatile Instant downUntil;

  /**
   * How often we send KEEPALIVEs, before the negotiated hold time caps it; see {@link
   * #keepaliveTime}.
   */
  private Duration keepaliveTime;

  private volatile SessionStatus status = SessionStatus.INITIAL;

  /** Written on the session's thread only; read by status displays. */
  private volatile long readPauses;

  /** The Established connection, or null; written on the session's thread only. */
  private volatile Transport established;

  public BgpSession(
      SessionParameters params,
      Executor executor,
      Scheduler scheduler,
      Connector connector,
      SessionListener listener) {
    this.params = Objects.requireNonNull(params, "params");
    this.executor = Objects.requireNonNull(executor, "executor");
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    this.connector = Objects.requireNonNull(connector, "connector");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.negotiation = new OpenNegotiation(params);
    this.keepaliveTime = params.holdTime().dividedBy(3);
    this.logPrefix =
        "peer=" + InetAddresses.toAddrString(params.peerAddress()) + " as=" + params.peerAs();
  }

  /** The thread the session's events run on: its connections belong there too. */
  Executor executor() {
    return executor;
  }

  public SessionParameters parameters() {
    return params;
  }

  /** A snapshot of the session; safe from any thread. */
  public SessionStatus status() {
    return status;
  }

  /** How long the session has been Established; zero when it is not. */
  public Duration uptime() {
    SessionStatus now = status;
    return now.state() == SessionState.ESTABLISHED
        ? Duration.ofNanos(scheduler.nanoTime() - now.establishedAtNanos())
        : Duration.ZERO;
  }

  /**
   * How many times reading from the peer paused because too many of its UPDATEs waited to be
   * processed, over the session's life.
   */
  public long readPauses() {
    return readPauses;
  }

  /** UPDATEs received on the Established connection and not yet processed (a router's InQ). */
  public int queuedUpdates() {
    Transport transport = established;
    return transport == null ? 0 : transport.queuedUpdates();
  }

  /** Bytes waiting in the Established connection's write buffer (a router's OutQ, in bytes). */
  public long queuedBytes() {
    Transport transport = established;
    return transport == null ? 0 : transport.queuedBytes();
  }

  // ---- events: thread-safe, each runs later on the session's thread ----

  /** ManualStart / AutomaticStart: connect (or wait for the peer, when passive). */
  public void start() {
    executor.execute(this::onStart);
  }

  /**
   * Sets how often we send KEEPALIVEs, at most a third of our hold time (by default exactly that).
   * Not part of the OPEN, so a running session takes it at once: the next KEEPALIVE goes out this
   * long after the change. The interval used is the smaller of this and a third of the negotiated
   * hold time.
   */
  public void keepaliveTime(Duration time) {
    Objects.requireNonNull(time, "time");
    executor.execute(() -> onKeepaliveTime(time));
  }

  /** ManualStop: sends {@code cease} on every connection, closes them and stays Idle. */
  public void stop(NotificationMessage cease) {
    executor.execute(() -> onStop(cease));
  }

  /**
   * Ends the connection over {@code transport} with {@code notification} for a reason of the
   * speaker's (its route budget is spent); the session goes on as after any NOTIFICATION it sends.
   */
  public void closeConnection(
      Transport transport, NotificationMessage notification, String reason) {
    executor.execute(
        () -> {
          Connection connection = find(transport);
          if (connection != null) {
            closeWithNotification(connection, notification, reason);
          }
        });
  }

  /**
   * As {@link #closeConnection}, and the session then stays down for {@code interval} (the peer
   * exceeded its prefix limit): it opens no connection and refuses the peer's, and afterwards
   * connects again as after {@link #start}.
   */
  public void closeAndStayDown(
      Transport transport, NotificationMessage notification, String reason, Duration interval) {
    Objects.requireNonNull(interval, "interval");
    executor.execute(
        () -> {
          if (find(transport) != null && started) {
            onStayDown(notification, reason, interval);
          }
        });
  }

  /** Until when the session stays down after exceeding a prefix limit; null when it does not. */
  public Instant downUntil() {
    return downUntil;
  }

  /**
   * Ends the established connection, if there is one, with {@code notification} for a failure seen
   * outside BGP (BFD declared the path down); the session goes on as after any NOTIFICATION it
   * sends.
   */
  public void closeEstablished(NotificationMessage notification, String reason) {
    executor.execute(
        () -> {
          Transport transport = established;
          Connection connection = transport == null ? null : find(transport);
          if (connection != null) {
            closeWithNotification(connection, notification, reason);
          }
        });
  }

  /** A TCP connection with the peer is up (ours or theirs). */
  public void connectionUp(Transport transport) {
    executor.execute(() -> onConnectionUp(transport));
  }

  /**
   * Our outbound connection attempt failed.
   *
   * @param reason why, as an operator reads it after "connect to 10.0.0.2:179 failed: "
   */
  public void connectFailed(String reason) {
    executor.execute(() -> onConnectFailed(reason));
  }

  /** A message arrived on {@code transport}. */
  public void messageReceived(Transport transport, BgpMessage message) {
    executor.execute(() -> onMessage(transport, message));
  }

  /** Bytes on {@code transport} did not decode; the failure carries the NOTIFICATION to send. */
  public void decodeFailed(Transport transport, DecodeFailure failure) {
    executor.execute(() -> onDecodeFailure(transport, failure));
  }

  /** We stopped reading from {@code transport}: {@code queued} received UPDATEs wait for us. */
  public void readingPaused(Transport transport, int queued) {
    executor.execute(() -> onReadingPaused(transport, queued));
  }

  /** We read from {@code transport} again. */
  public void readingResumed(Transport transport) {
    executor.execute(() -> onReadingResumed(transport));
  }

  /** {@code transport} can take more writes again. */
  public void writable(Transport transport) {
    executor.execute(() -> onWritable(transport));
  }

  /** The TCP connection closed (or broke). */
  public void connectionDown(Transport transport, String reason) {
    executor.execute(() -> onConnectionDown(transport, reason));
  }

  // ---- handlers: on the session's thread ----

  private void onKeepaliveTime(Duration time) {
    keepaliveTime = time;
    for (Connection connection : connections) {
      connection.rescheduleKeepalive();
    }
  }

  private void onStart() {
    if (started) {
      return;
    }
    started = true;
    beginConnecting();
  }

  private void onStop(NotificationMessage cease) {
    started = false;
    endStayDown();
    cancelConnecting();
    for (Connection connection : List.copyOf(connections)) {
      closeWithNotification(connection, cease, "stopped");
    }
    unconnectedState = SessionState.IDLE;
    publishState();
  }

  private void onStayDown(NotificationMessage notification, String reason, Duration interval) {
    // Stopped first, so that dropping the connection starts no reconnect.
    started = false;
    cancelConnecting();
    for (Connection other : List.copyOf(connections)) {
      closeWithNotification(other, notification, reason);
    }
    log.warn(
        "{} event=staying-down seconds={} reason=\"{}\"", logPrefix, interval.toSeconds(), reason);
    downUntil = Instant.now().plus(interval);
    stayDownTimer = scheduler.schedule(interval, this::onStayDownOver);
  }

  private void onStayDownOver() {
    stayDownTimer = null;
    downUntil = null;
    log.info("{} event=stay-down-over action=reconnect", logPrefix);
    onStart();
  }

  private void endStayDown() {
    if (stayDownTimer != null) {
      stayDownTimer.cancel();
      stayDownTimer = null;
    }
    downUntil = null;
  }

  private void beginConnecting() {
    if (params.passive()) {
      unconnectedState = SessionState.ACTIVE;
    } else {
      unconnectedState = SessionState.CONNECT;
      connectAttempt = connector.connect(this);
      startConnectRetryTimer();
    }
    publishState();
  }

  private void cancelConnecting() {
    stopConnectRetryTimer();
    if (connectAttempt != null) {
      connectAttempt.cancel();
      connectAttempt = null;
    }
  }

  private void stopConnectRetryTimer() {
    if (connectRetryTimer != null) {
      connectRetryTimer.cancel();
      connectRetryTimer = null;
    }
  }

  /** Whether a connection brought the peer's OPEN (OpenConfirm or Established). */
  private boolean peerAnswered() {
    for (Connection connection : connections) {
      if (connection.state.compareTo(SessionState.OPEN_CONFIRM) >= 0) {
        return true;
      }
    }
    return false;
  }

  /** RFC 4271 §10: each wait is jittered to 75–100% of the configured time. */
  private void startConnectRetryTimer() {
    if (connectRetryTimer != null) {
      connectRetryTimer.cancel();
    }
    double factor = 0.75 + 0.25 * ThreadLocalRandom.current().nextDouble();
    long nanos = (long) (params.connectRetryTime().toNanos() * factor);
    connectRetryTimer = scheduler.schedule(Duration.ofNanos(nanos), this::onConnectRetryExpired);
  }

  private void onConnectRetryExpired() {
    connectRetryTimer = null;
    if (!started || inDirection(true) != null || peerAnswered()) {
      return;
    }
    if (connectAttempt != null) {
      // No answer at all: a filtered port, or a TCP MD5 key the peer's kernel does not accept.
      connectAttempt.cancel();
      connectAttempt = null;
      String reason =
          "no answer from the peer" + (connector.signed() ? Connector.SIGNED_SILENCE_HINT : "");
      recordConnectFailure(reason);
    }
    beginConnecting();
  }

  private void onConnectFailed(String reason) {
    if (!started || unconnectedState != SessionState.CONNECT || inDirection(true) != null) {
      return;
    }
    connectAttempt = null;
    recordConnectFailure(reason);
    unconnectedState = SessionState.ACTIVE;
    publishState(status.lastError());
  }

  /** Logs a failed outbound connection and keeps it as the session's last error. */
  private void recordConnectFailure(String reason) {
    log.info(
        "{} event=connect-failed target={} reason=\"{}\"", logPrefix, connector.target(), reason);
    status = status.withError("connect to " + connector.target() + " failed: " + reason);
  }

  private void onConnectionUp(Transport transport) {
    if (!started) {
      log.info("{} event=connection-refused reason=\"session stopped\"", logPrefix);
      transport.close();
      return;
    }
    if (find(SessionState.ESTABLISHED) != null) {
      // §6.8: a connection colliding with an Established one is the one closed.
      log.info("{} event=collision action=close-new outbound={}", logPrefix, transport.outbound());
      sendNotification(transport, Notifications.connectionCollision());
      transport.close();
      return;
    }
    if (inDirection(transport.outbound()) != null) {
      log.info(
          "{} event=connection-refused outbound={} reason=\"a connection in the same direction is"
              + " opening\"",
          logPrefix,
          transport.outbound());
      sendNotification(transport, Notifications.connectionRejected());
      transport.close();
      return;
    }
    if (transport.outbound()) {
      connectAttempt = null;
      stopConnectRetryTimer();
    }
    // An inbound connection stops our connecting only once it brings the peer's OPEN: until then
    // it may be spoofed, and must not hold back our own connection to the real peer.
    Connection connection = new Connection(transport);
    connections.add(connection);
    transport.send(negotiation.ourOpen());
    connection.state = SessionState.OPEN_SENT;
    connection.armHoldTimer(params.openTimeout());
    publishState();
  }

  private void onConnectionDown(Transport transport, String reason) {
    Connection connection = find(transport);
    if (connection == null) {
      return; // we closed it ourselves and already forgot it
    }
    log.info("{} event=connection-closed reason=\"{}\"", logPrefix, reason);
    drop(connection, "connection closed: " + reason);
  }

  private void onReadingPaused(Transport transport, int queued) {
    if (find(transport) == null) {
      return;
    }
    readPauses++;
    log.debug("{} event=reading-paused queued-updates={}", logPrefix, queued);
  }

  /**
   * The hold timer measures the peer's silence, but while we did not read, the silence was ours:
   * the peer's messages waited in our socket. It counts again from now.
   */
  private void onReadingResumed(Transport transport) {
    Connection connection = find(transport);
    if (connection == null) {
      return;
    }
    connection.lastReceivedNanos = scheduler.nanoTime();
    log.debug("{} event=reading-resumed", logPrefix);
  }

  private void onWritable(Transport transport) {
    Connection connection = find(transport);
    if (connection != null && connection.state == SessionState.ESTABLISHED) {
      listener.writable(this);
    }
  }

  private void onDecodeFailure(Transport transport, DecodeFailure failure) {
    Connection connection = find(transport);
    if (connection == null) {
      return;
    }
    log.warn("{} event=malformed-message reason=\"{}\"", logPrefix, failure.reason());
    closeWithNotification(connection, failure.notification(), failure.reason());
  }

  private void onMessage(Transport transport, BgpMessage message) {
    Connection connection = find(transport);
    if (connection == null) {
      return;
    }
    connection.lastReceivedNanos = scheduler.nanoTime();
    if (message instanceof UpdateMessage update) {
      if (connection.state != SessionState.ESTABLISHED) {
        unexpected(connection, "UPDATE");
        return;
      }
      listener.update(this, update, connection.updateProcessed);
    } else if (message instanceof KeepaliveMessage) {
      if (connection.state == SessionState.OPEN_CONFIRM) {
        establish(connection);
      } else if (connection.state != SessionState.ESTABLISHED) {
        unexpected(connection, "KEEPALIVE");
      }
    } else if (message instanceof OpenMessage open) {
      if (connection.state != SessionState.OPEN_SENT) {
        unexpected(connection, "OPEN");
        return;
      }
      onOpen(connection, open);
    } else if (message instanceof NotificationMessage notification) {
      String text = Notifications.describe(notification);
      log.warn("{} event=notification-received {}", logPrefix, text);
      connection.endedByNotification =
          NotificationRestart.endsForGood(notification, notificationRestart(connection));
      drop(connection, "received NOTIFICATION " + text);
    } else if (message instanceof RouteRefreshMessage refresh) {
      if (connection.state != SessionState.ESTABLISHED) {
        unexpected(connection, "ROUTE-REFRESH");
        return;
      }
      onRouteRefresh(connection, refresh);
    }
  }

  private void onOpen(Connection connection, OpenMessage open) {
    OpenNegotiation.Result result = negotiation.check(open, connection.transport.localAddress());
    if (result instanceof OpenNegotiation.Rejected rejected) {
      log.warn("{} event=open-rejected reason=\"{}\"", logPrefix, rejected.reason());
      closeWithNotification(connection, rejected.notification(), rejected.reason());
      return;
    }
    NegotiatedSession negotiated = ((OpenNegotiation.Accepted) result).negotiated();
    connection.negotiated = negotiated;
    if (!resolveCollision(connection, negotiated)) {
      return;
    }
    connection.state = SessionState.OPEN_CONFIRM;
    stopConnectRetryTimer();
    connection.transport.useCodecContext(
        new CodecContext(
            negotiated.fourOctetAs(),
            negotiated.families(),
            negotiated.peerAs() != params.localAs(),
            negotiated.extendedMessages(),
            negotiated.pathIds(),
            negotiated.extendedNextHop()));
    connection.transport.send(KeepaliveMessage.INSTANCE);
    if (!negotiated.holdTime().isZero()) {
      connection.armHoldTimer(negotiated.holdTime());
      connection.scheduleKeepalive();
    } else {
      connection.cancelTimers();
    }
    publishState();
  }

  /**
   * RFC 4271 §6.8, run when {@code opened} has just received the peer's OPEN: if the other
   * connection is in OpenConfirm or Established, close the one initiated by the speaker with the
   * lower BGP identifier. Returns whether {@code opened} survives.
   *
   * <p>The identifiers decide even against an Established connection (RFC 4271 §8.1.1's
   * CollisionDetectEstablishedState). Both connections here were opening at the same time, since
   * one arriving after Established is refused at once ({@link #onConnectionUp}); which of them
   * reached Established first depends only on timing. The peer, comparing the same identifiers,
   * closes the same connection; with "Established wins", each side could keep the connection that
   * got further on its own end, and both would close.
   */
  private boolean resolveCollision(Connection opened, NegotiatedSession negotiated) {
    Connection other = null;
    for (Connection candidate : connections) {
      if (candidate != opened && candidate.state.compareTo(SessionState.OPEN_CONFIRM) >= 0) {
        other = candidate;
      }
    }
    if (other == null) {
      return true;
    }
    // One connection in each direction, so this is our connection against the peer's.
    boolean localHigher =
        Integer.compareUnsigned(
                ipv4ToInt(params.routerId().getAddress()),
                ipv4ToInt(negotiated.peerRouterId().getAddress()))
            > 0;
    // The higher identifier's side initiated the connection that survives.
    Connection loser = opened.transport.outbound() == localHigher ? other : opened;
    log.info(
        "{} event=collision local-id={} peer-id={} closing={}",
        logPrefix,
        InetAddresses.toAddrString(params.routerId()),
        InetAddresses.toAddrString(negotiated.peerRouterId()),
        loser.transport.outbound() ? "outbound" : "inbound");
    closeWithNotification(loser, Notifications.connectionCollision(), "connection collision");
    return loser != opened;
  }

  private void onRouteRefresh(Connection connection, RouteRefreshMessage refresh) {
    var family = refresh.family();
    if (family.isEmpty() || !connection.negotiated.families().contains(family.get())) {
      // RFC 2918 §4: a ROUTE-REFRESH for a family not negotiated is ignored.
      log.info(
          "{} event=route-refresh-ignored afi={} safi={}",
          logPrefix,
          refresh.afi(),
          refresh.safi());
      return;
    }
    AddressFamily asked = family.get();
    if (deferredRefreshes.contains(asked)) {
      return; // merged into the one that waits
    }
    Long last = lastRefreshNanos.get(asked);
    long wait = last == null ? 0 : last + MIN_REFRESH_INTERVAL.toNanos() - scheduler.nanoTime();
    if (wait <= 0) {
      forwardRefresh(asked);
      return;
    }
    deferredRefreshes.add(asked);
    long repeats = refreshWarnings.admit(asked.toString());
    if (repeats >= 0) {
      log.warn(
          "{} event=route-refresh-limited family={} reason=\"more than one every {}s: the requests"
              + " meanwhile are merged into one\"{}",
          logPrefix,
          asked,
          MIN_REFRESH_INTERVAL.toSeconds(),
          LogRateLimiter.repeats(repeats));
    }
    scheduler.schedule(
        Duration.ofNanos(wait),
        () -> {
          deferredRefreshes.remove(asked);
          if (connections.contains(connection) && connection.state == SessionState.ESTABLISHED) {
            forwardRefresh(asked);
          }
        });
  }

  private void forwardRefresh(AddressFamily family) {
    lastRefreshNanos.put(family, scheduler.nanoTime());
    listener.routeRefresh(this, family);
  }

  private void establish(Connection connection) {
    connection.state = SessionState.ESTABLISHED;
    established = connection.transport;
    status =
        new SessionStatus(
            status.state(), // publishState() moves it on, and logs the transition
            connection.negotiated,
            scheduler.nanoTime(),
            status.lastError());
    publishState();
    listener.established(this, connection.negotiated, connection.transport);
  }

  /** An FSM error: a message the current state does not expect (RFC 6608 subcodes). */
  private void unexpected(Connection connection, String what) {
    closeWithNotification(
        connection,
        Notifications.finiteStateMachineError(connection.state),
        what + " unexpected in " + connection.state);
  }

  private void closeWithNotification(
      Connection connection, NotificationMessage reasonGiven, String reason) {
    boolean nBit = notificationRestart(connection);
    NotificationMessage notification =
        NotificationRestart.toSend(reasonGiven, nBit, params.gracefulRestart());
    connection.endedByNotification = NotificationRestart.endsForGood(notification, nBit);
    sendNotification(connection.transport, notification);
    drop(connection, "sent NOTIFICATION " + Notifications.describe(notification) + ": " + reason);
  }

  /** Whether the connection's OPENs both set the N bit (RFC 8538). */
  private boolean notificationRestart(Connection connection) {
    return NotificationRestart.negotiated(params.gracefulRestart(), connection.negotiated);
  }

  private void sendNotification(Transport transport, NotificationMessage notification) {
    log.warn(
        "{} event=notification-sent {} outbound={}",
        logPrefix,
        Notifications.describe(notification),
        transport.outbound());
    transport.send(notification);
  }

  /** Forgets a connection, closes it, and starts over when it was the last one. */
  private void drop(Connection connection, String error) {
    connections.remove(connection);
    connection.cancelTimers();
    connection.transport.close();
    boolean wasEstablished = connection.state == SessionState.ESTABLISHED;
    if (wasEstablished) {
      established = null;
    }
    status =
        wasEstablished
            ? new SessionStatus(status.state(), null, 0, error)
            : status.withError(error);
    if (connections.isEmpty()) {
      if (started && params.passive()) {
        unconnectedState = SessionState.ACTIVE;
      } else {
        unconnectedState = SessionState.IDLE;
        if (started && connectRetryTimer == null) {
          startConnectRetryTimer(); // on expiry: Connect again
        }
      }
    } else if (started
        && !params.passive()
        && connectRetryTimer == null
        && inDirection(true) == null
        && !peerAnswered()) {
      // Only an inbound connection without the peer's OPEN is left: keep connecting to the peer.
      startConnectRetryTimer();
    }
    publishState(error);
    if (wasEstablished) {
      listener.down(this, !connection.endedByNotification);
    }
  }

  private Connection find(Transport transport) {
    for (Connection connection : connections) {
      if (connection.transport == transport) {
        return connection;
      }
    }
    return null;
  }

  /** The connection in this direction; there is at most one. */
  private Connection inDirection(boolean outbound) {
    for (Connection connection : connections) {
      if (connection.transport.outbound() == outbound) {
        return connection;
      }
    }
    return null;
  }

  private Connection find(SessionState state) {
    for (Connection connection : connections) {
      if (connection.state == state) {
        return connection;
      }
    }
    return null;
  }

  /** The session's visible state is that of its most advanced connection. */
  private void publishState() {
    publishState(null);
  }

  /**
   * Publishes the visible state, telling the listener of a transition.
   *
   * @param cause the error that caused this change of the connections; null when none did
   */
  private void publishState(String cause) {
    SessionState next = connections.isEmpty() ? unconnectedState : SessionState.OPEN_SENT;
    for (Connection connection : connections) {
      if (connection.state.compareTo(next) > 0) {
        next = connection.state;
      }
    }
    SessionState previous = status.state();
    if (previous != next) {
      log.info("{} from={} to={}", logPrefix, previous, next);
      status = status.withState(next);
      listener.stateChanged(this, previous, next, cause);
    }
  }

  private static int ipv4ToInt(byte[] address) {
    return (address[0] & 0xff) << 24
        | (address[1] & 0xff) << 16
        | (address[2] & 0xff) << 8
        | (address[3] & 0xff);
  }

  /** One TCP connection's progress through OpenSent, OpenConfirm and Established. */
  private final class Connection {
    final Transport transport;
    final Runnable updateProcessed;
    SessionState state = SessionState.OPEN_SENT;
    NegotiatedSession negotiated;
    long lastReceivedNanos;

    /**
     * A NOTIFICATION sent or received ended this connection for good (see {@link
     * NotificationRestart}): the peer's routes are not kept for a graceful restart.
     */
    boolean endedByNotification;

    private Cancellable holdTimer;
    private Cancellable keepaliveTimer;

    Connection(Transport transport) {
      this.transport = transport;
      this.updateProcessed = transport::updateProcessed;
      this.lastReceivedNanos = scheduler.nanoTime();
    }

    /**
     * Arms the hold timer. Rather than rescheduling on every message, the timer checks on expiry
     * how long ago the last message came and re-arms for the rest. While we have paused reading it
     * does not expire: the peer may well have sent KEEPALIVEs we have not read yet (RFC 4271's hold
     * timer measures the peer, not us); on resuming, it counts from then.
     */
    void armHoldTimer(Duration holdTime) {
      if (holdTimer != null) {
        holdTimer.cancel();
      }
      lastReceivedNanos = scheduler.nanoTime();
      holdTimer = scheduler.schedule(holdTime, () -> onHoldTimer(holdTime));
    }

    private void onHoldTimer(Duration holdTime) {
      if (!connections.contains(this)) {
        return;
      }
      if (transport.readingPaused()) {
        holdTimer = scheduler.schedule(holdTime, () -> onHoldTimer(holdTime));
        return;
      }
      long silentNanos = scheduler.nanoTime() - lastReceivedNanos;
      long remaining = holdTime.toNanos() - silentNanos;
      if (remaining > 0) {
        holdTimer = scheduler.schedule(Duration.ofNanos(remaining), () -> onHoldTimer(holdTime));
        return;
      }
      holdTimer = null;
      closeWithNotification(
          this,
          Notifications.holdTimerExpired(),
          state == SessionState.OPEN_SENT
              ? "no OPEN within " + holdTime.toSeconds() + "s"
              : "nothing received for " + holdTime.toSeconds() + "s");
    }

    /** Sends KEEPALIVEs at the session's interval, once the OPENs agreed on a hold time. */
    void scheduleKeepalive() {
      keepaliveTimer =
          scheduler.schedule(
              negotiated.keepaliveInterval(keepaliveTime),
              () -> {
                if (connections.contains(this)) {
                  transport.send(KeepaliveMessage.INSTANCE);
                  scheduleKeepalive();
                }
              });
    }

    /** After the interval changed: the next KEEPALIVE follows the new one, counted from now. */
    void rescheduleKeepalive() {
      if (keepaliveTimer != null) {
        keepaliveTimer.cancel();
        scheduleKeepalive();
      }
    }

    void cancelTimers() {
      if (holdTimer != null) {
        holdTimer.cancel();
        holdTimer = null;
      }
      if (keepaliveTimer != null) {
        keepaliveTimer.cancel();
        keepaliveTimer = null;
      }
    }
  }
}
