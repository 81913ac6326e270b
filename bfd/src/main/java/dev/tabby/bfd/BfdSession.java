package dev.tabby.bfd;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One BFD session in asynchronous mode: the state variables of RFC 5880 §6.8.1, the reception rules
 * of §6.8.6, periodic transmission with jitter (§6.8.7), the detection timer (§6.8.4) and the Poll
 * Sequence that changes intervals of an Up session (§6.8.3). Not thread-safe: every call and every
 * timer runs on one thread, the one its {@link SessionClock} schedules on.
 */
public final class BfdSession {
  private static final Logger log = LoggerFactory.getLogger(BfdSession.class);

  /** While not Up, a session transmits no faster than once a second (§6.8.3). */
  static final long SLOW_TX_MICROS = 1_000_000;

  private final BfdPeer peer;
  private final int localDiscriminator;
  private final SessionClock clock;
  private final Consumer<ControlPacket> sender;
  private final BfdStateListener listener;
  private final RandomGenerator random;

  private BfdParameters parameters;
  private BfdState state = BfdState.DOWN;
  private BfdState remoteState = BfdState.DOWN;
  private Diagnostic localDiagnostic = Diagnostic.NONE;
  private int remoteDiscriminator;
  private boolean remoteDemand;
  private long remoteMinRxMicros = 1;
  private long remoteDesiredMinTxMicros;
  private int remoteDetectMultiplier;

  /** The intervals this side announces in its packets. */
  private long advertisedTxMicros;

  private long advertisedRxMicros;

  /**
   * The intervals this side times itself by. They differ from the advertised ones only during a
   * Poll Sequence: a slower transmit rate or a faster receive rate waits for the peer's Final.
   */
  private long effectiveTxMicros;

  private long effectiveRxMicros;

  private boolean pollActive;
  private long polledTxMicros;
  private long polledRxMicros;

  private SessionClock.Timer transmitTimer;
  private long nextTransmitAt;
  private long lastTransmitAt;
  private boolean transmittedOnce;
  private SessionClock.Timer detectionTimer;
  private boolean closed;

  private long packetsSent;
  private long packetsReceived;
  private long packetsDiscarded;
  private long upCount;
  private long downCount;

  public BfdSession(
      BfdPeer peer,
      int localDiscriminator,
      BfdParameters parameters,
      SessionClock clock,
      Consumer<ControlPacket> sender,
      BfdStateListener listener,
      RandomGenerator random) {
    if (localDiscriminator == 0) {
      throw new IllegalArgumentException("the local discriminator must be nonzero");
    }
    this.peer = peer;
    this.localDiscriminator = localDiscriminator;
    this.parameters = parameters;
    this.clock = clock;
    this.sender = sender;
    this.listener = listener;
    this.random = random;
    this.advertisedTxMicros = desiredTxForState();
    this.advertisedRxMicros = parameters.requiredMinRxMicros();
    this.effectiveTxMicros = advertisedTxMicros;
    this.effectiveRxMicros = advertisedRxMicros;
  }

  /** Sends the first packet and starts periodic transmission. */
  public void start() {
    transmit(false);
  }

  public BfdPeer peer() {
    return peer;
  }

  public int localDiscriminator() {
    return localDiscriminator;
  }

  public BfdState state() {
    return state;
  }

  /**
   * Applies one packet that passed the checks of {@link ControlPacket#decode} and was demultiplexed
   * to this session (§6.8.6).
   *
   * @return false if the packet was discarded
   */
  public boolean receive(ControlPacket packet) {
    if (closed) {
      return false;
    }
    if (packet.yourDiscriminator() == 0 && state != BfdState.DOWN && state != BfdState.ADMIN_DOWN) {
      packetsDiscarded++;
      return false;
    }
    packetsReceived++;
    remoteDiscriminator = packet.myDiscriminator();
    remoteState = packet.state();
    remoteDemand = packet.demand();
    remoteMinRxMicros = packet.requiredMinRxMicros();
    remoteDesiredMinTxMicros = packet.desiredMinTxMicros();
    remoteDetectMultiplier = packet.detectMultiplier();
    if (pollActive && packet.fin()) {
      finishPoll();
    }
    if (state == BfdState.ADMIN_DOWN) {
      return true;
    }
    restartDetectionTimer();
    switch (packet.state()) {
      case ADMIN_DOWN -> {
        if (state != BfdState.DOWN) {
          changeState(BfdState.DOWN, Diagnostic.NEIGHBOR_SIGNALED_SESSION_DOWN);
        }
      }
      case DOWN -> {
        if (state == BfdState.DOWN) {
          changeState(BfdState.INIT, Diagnostic.NONE);
        } else if (state == BfdState.UP) {
          changeState(BfdState.DOWN, Diagnostic.NEIGHBOR_SIGNALED_SESSION_DOWN);
        }
      }
      case INIT, UP -> {
        if (state == BfdState.DOWN && packet.state() == BfdState.INIT || state == BfdState.INIT) {
          changeState(BfdState.UP, Diagnostic.NONE);
        }
      }
    }
    if (packet.poll()) {
      transmit(true);
    }
    scheduleTransmit();
    return true;
  }

  /** Counts a packet dropped before it reached the state machine, for instance by GTSM. */
  public void countDiscarded() {
    packetsDiscarded++;
  }

  /** Changes what this side asks for; an Up session negotiates it with a Poll Sequence. */
  public void setParameters(BfdParameters wanted) {
    if (wanted.equals(parameters)) {
      return;
    }
    log.info("bfd parameters changed peer={} from=[{}] to=[{}]", peer, parameters, wanted);
    parameters = wanted;
    updateAdvertisedIntervals();
    scheduleTransmit();
  }

  public BfdParameters parameters() {
    return parameters;
  }

  /**
   * Takes the session administratively down (§6.8.16): the peer is told with one packet, and no
   * packet is sent after. Used when the session is removed.
   */
  public void close() {
    if (closed) {
      return;
    }
    if (state != BfdState.ADMIN_DOWN) {
      changeState(BfdState.ADMIN_DOWN, Diagnostic.ADMINISTRATIVELY_DOWN);
      transmit(false);
    }
    closed = true;
    cancel(transmitTimer);
    cancel(detectionTimer);
  }

  public BfdSessionStatus status() {
    return new BfdSessionStatus(
        peer,
        state,
        remoteState,
        localDiagnostic,
        localDiscriminator,
        remoteDiscriminator,
        parameters,
        micros(remoteDesiredMinTxMicros),
        micros(remoteMinRxMicros),
        remoteDetectMultiplier,
        micros(transmitIntervalMicros()),
        micros(detectionTimeMicros()),
        pollActive,
        packetsSent,
        packetsReceived,
        packetsDiscarded,
        upCount,
        downCount);
  }

  private static Duration micros(long micros) {
    return Duration.ofNanos(micros * 1_000);
  }

  /** The agreed transmit interval before jitter (§6.8.7), or 0 if the peer wants no packets. */
  long transmitIntervalMicros() {
    return remoteMinRxMicros == 0 ? 0 : Math.max(effectiveTxMicros, remoteMinRxMicros);
  }

  /** Asynchronous mode: the peer's multiplier times the slower of its rate and ours (§6.8.4). */
  long detectionTimeMicros() {
    return (long) remoteDetectMultiplier * Math.max(effectiveRxMicros, remoteDesiredMinTxMicros);
  }

  private long desiredTxForState() {
    long configured = parameters.desiredMinTxMicros();
    return state == BfdState.UP ? configured : Math.max(configured, SLOW_TX_MICROS);
  }

  private void changeState(BfdState to, Diagnostic diagnostic) {
    BfdState from = state;
    state = to;
    localDiagnostic = diagnostic;
    if (to == BfdState.UP) {
      upCount++;
    } else if (from == BfdState.UP) {
      downCount++;
    }
    if (to != BfdState.UP) {
      pollActive = false;
    }
    log.info(
        "bfd session state changed peer={} from={} to={} diagnostic={} localDiscriminator={}"
            + " remoteDiscriminator={}",
        peer,
        from,
        to,
        diagnostic,
        Integer.toUnsignedString(localDiscriminator),
        Integer.toUnsignedString(remoteDiscriminator));
    updateAdvertisedIntervals();
    listener.stateChanged(peer, from, to, diagnostic);
  }

  /**
   * Recomputes the announced intervals. A change on an Up session starts a Poll Sequence, during
   * which the side of each change that could make the peer declare us dead is held back: a slower
   * transmit rate, or a faster receive rate in our detection time.
   */
  private void updateAdvertisedIntervals() {
    long tx = desiredTxForState();
    long rx = parameters.requiredMinRxMicros();
    if (tx == advertisedTxMicros && rx == advertisedRxMicros) {
      return;
    }
    advertisedTxMicros = tx;
    advertisedRxMicros = rx;
    if (state != BfdState.UP) {
      effectiveTxMicros = tx;
      effectiveRxMicros = rx;
    } else if (!pollActive) {
      startPoll();
    }
    // A change during a Poll Sequence waits for it to finish, which then starts another.
  }

  private void startPoll() {
    pollActive = true;
    polledTxMicros = advertisedTxMicros;
    polledRxMicros = advertisedRxMicros;
    effectiveTxMicros = Math.min(effectiveTxMicros, polledTxMicros);
    effectiveRxMicros = Math.max(effectiveRxMicros, polledRxMicros);
    log.debug(
        "bfd poll sequence started peer={} minTxUs={} minRxUs={}",
        peer,
        polledTxMicros,
        polledRxMicros);
  }

  private void finishPoll() {
    pollActive = false;
    effectiveTxMicros = polledTxMicros;
    effectiveRxMicros = polledRxMicros;
    log.debug(
        "bfd poll sequence finished peer={} minTxUs={} minRxUs={}",
        peer,
        effectiveTxMicros,
        effectiveRxMicros);
    if (advertisedTxMicros != polledTxMicros || advertisedRxMicros != polledRxMicros) {
      startPoll();
    }
  }

  private void restartDetectionTimer() {
    cancel(detectionTimer);
    long micros = detectionTimeMicros();
    detectionTimer = clock.schedule(micros * 1_000, this::detectionTimeExpired);
  }

  private void detectionTimeExpired() {
    detectionTimer = null;
    if (closed) {
      return;
    }
    log.debug("bfd detection time expired peer={} state={}", peer, state);
    remoteDiscriminator = 0;
    if (state == BfdState.INIT || state == BfdState.UP) {
      changeState(BfdState.DOWN, Diagnostic.CONTROL_DETECTION_TIME_EXPIRED);
      scheduleTransmit();
    }
  }

  /** Whether periodic transmission is off: the peer asked for none, or Demand mode is active. */
  private boolean periodicTransmissionStopped() {
    return transmitIntervalMicros() == 0
        || remoteDemand && state == BfdState.UP && remoteState == BfdState.UP;
  }

  private void transmit(boolean fin) {
    ControlPacket packet =
        new ControlPacket(
            localDiagnostic,
            state,
            pollActive && !fin,
            fin,
            false,
            false,
            parameters.detectMultiplier(),
            localDiscriminator,
            remoteDiscriminator,
            advertisedTxMicros,
            advertisedRxMicros,
            0);
    packetsSent++;
    if (!fin) {
      lastTransmitAt = clock.nanoTime();
      transmittedOnce = true;
      cancel(transmitTimer);
      transmitTimer = null;
    }
    sender.accept(packet);
    if (!fin) {
      scheduleTransmit();
    }
  }

  /**
   * Schedules the next periodic packet one jittered interval after the last, unless a packet is
   * already due sooner: an interval that shrank takes effect at once, one that grew at the next.
   */
  private void scheduleTransmit() {
    if (closed || !transmittedOnce) {
      return;
    }
    if (periodicTransmissionStopped()) {
      cancel(transmitTimer);
      transmitTimer = null;
      return;
    }
    long now = clock.nanoTime();
    long due = Math.max(now, lastTransmitAt + jittered(transmitIntervalMicros()) * 1_000);
    if (transmitTimer != null && nextTransmitAt <= due) {
      return;
    }
    cancel(transmitTimer);
    nextTransmitAt = due;
    transmitTimer = clock.schedule(due - now, this::periodicTransmit);
  }

  private void periodicTransmit() {
    transmitTimer = null;
    if (!closed && !periodicTransmissionStopped()) {
      transmit(false);
    }
  }

  /** 75–100 % of the interval, or 75–90 % with a multiplier of 1 (§6.8.7). */
  private long jittered(long intervalMicros) {
    double range = parameters.detectMultiplier() == 1 ? 0.15 : 0.25;
    return (long) (intervalMicros * (0.75 + random.nextDouble() * range));
  }

  private static void cancel(SessionClock.Timer timer) {
    if (timer != null) {
      timer.cancel();
    }
  }
}
