package dev.tabby.bfd;

import dev.tabby.bfd.transport.UdpSocket;
import dev.tabby.bfd.transport.UdpSocketException;
import dev.tabby.net.IpFamily;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The BFD sessions of one process: one receiving socket per address family on UDP port 3784 for
 * single-hop sessions (RFC 5881) and on 4784 for multihop ones (RFC 5883), one sending socket per
 * session on a port of 49152–65535, all sending with TTL 255, and every received packet checked to
 * have arrived with its session's minimum TTL (GTSM: 255 for single hop) before its session sees
 * it. Every session runs on one thread. Sockets belong to the network namespace of the thread that
 * calls {@link #add}.
 */
public final class BfdSessions implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(BfdSessions.class);

  public static final int CONTROL_PORT = 3784;
  public static final int MULTIHOP_CONTROL_PORT = 4784;
  public static final int SOURCE_PORT_MIN = 49152;
  public static final int SOURCE_PORT_MAX = 65535;

  private final ScheduledExecutorService executor;
  private final SessionClock clock;
  private final SplittableRandom random = new SplittableRandom(new SecureRandom().nextLong());
  private final List<BfdStateListener> listeners = new CopyOnWriteArrayList<>();
  private final Map<Listener, BfdReceiver> receivers = new HashMap<>();

  // Touched only on the BFD thread.
  private final Map<BfdPeer, Entry> byPeer = new HashMap<>();
  private final Map<Integer, Entry> byDiscriminator = new HashMap<>();
  private long discardedUnmatched;

  private boolean closed;

  private record Entry(BfdSession session, UdpSocket socket) {}

  /** A receiving socket: one per family for single-hop sessions, one for multihop ones. */
  private record Listener(IpFamily family, boolean multihop) {
    int port() {
      return multihop ? MULTIHOP_CONTROL_PORT : CONTROL_PORT;
    }

    @Override
    public String toString() {
      return family.name().toLowerCase() + (multihop ? "-multihop" : "");
    }
  }

  private BfdSessions() {
    this.executor =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "bfd");
              thread.setDaemon(true);
              return thread;
            });
    this.clock = new ExecutorClock(executor);
  }

  public static BfdSessions start() {
    return new BfdSessions();
  }

  public void addListener(BfdStateListener listener) {
    listeners.add(listener);
  }

  public void removeListener(BfdStateListener listener) {
    listeners.remove(listener);
  }

  /**
   * Starts a session to {@code peer}, or changes the parameters of the one that runs.
   *
   * @throws UdpSocketException if a socket cannot be opened or bound, for instance because the
   *     local address is not configured or another BFD daemon holds port 3784 (4784)
   */
  public void add(BfdPeer peer, BfdParameters parameters) {
    if (call(
        () -> {
          Entry existing = byPeer.get(peer);
          if (existing != null) {
            existing.session().setParameters(parameters);
          }
          return existing != null;
        })) {
      return;
    }
    openReceiver(new Listener(peer.local().family(), peer.multihop()));
    UdpSocket socket =
        UdpSocket.openInRange(
            peer.local().family(),
            peer.local(),
            SOURCE_PORT_MIN,
            SOURCE_PORT_MAX,
            peer.interfaceName(),
            0);
    boolean added =
        call(
            () -> {
              if (byPeer.containsKey(peer)) {
                return false;
              }
              int discriminator = newDiscriminator();
              BfdSession session =
                  new BfdSession(
                      peer,
                      discriminator,
                      parameters,
                      clock,
                      packet -> send(peer, socket, packet),
                      this::notifyListeners,
                      random.split());
              Entry entry = new Entry(session, socket);
              byPeer.put(peer, entry);
              byDiscriminator.put(discriminator, entry);
              log.info(
                  "bfd session added peer={} {} localDiscriminator={}",
                  peer,
                  parameters,
                  Integer.toUnsignedString(discriminator));
              session.start();
              return true;
            });
    if (!added) {
      socket.close();
    }
  }

  /** Stops the session to {@code peer}, telling the peer it is administratively down. */
  public boolean remove(BfdPeer peer) {
    return call(
        () -> {
          Entry entry = byPeer.remove(peer);
          if (entry == null) {
            return false;
          }
          byDiscriminator.remove(entry.session().localDiscriminator());
          entry.session().close();
          entry.socket().close();
          log.info("bfd session removed peer={}", peer);
          return true;
        });
  }

  public Optional<BfdSessionStatus> status(BfdPeer peer) {
    return call(() -> Optional.ofNullable(byPeer.get(peer)).map(e -> e.session().status()));
  }

  public List<BfdSessionStatus> sessions() {
    return call(
        () -> {
          List<BfdSessionStatus> all = new ArrayList<>();
          byPeer.values().forEach(e -> all.add(e.session().status()));
          return all;
        });
  }

  /** Packets that matched no session (no such discriminator, or no session with their source). */
  public long discardedUnmatched() {
    return call(() -> discardedUnmatched);
  }

  private synchronized void openReceiver(Listener listener) {
    if (closed) {
      throw new IllegalStateException("BFD is shut down");
    }
    if (receivers.containsKey(listener)) {
      return;
    }
    UdpSocket socket =
        UdpSocket.open(listener.family(), null, listener.port(), null, BfdReceiver.POLL_MILLIS);
    receivers.put(
        listener,
        new BfdReceiver(
            socket,
            "bfd-receive-" + listener,
            (datagram, payload) -> executor.execute(() -> dispatch(listener, datagram, payload))));
    log.info(
        "bfd listening family={} multihop={} port={}",
        listener.family(),
        listener.multihop(),
        listener.port());
  }

  /**
   * Demultiplexes a datagram to its session (RFC 5880 §6.8.6, RFC 5883 §3) before the TTL check: by
   * your-discriminator, or when that is 0 by its source (single hop) or its source and destination
   * (multihop); the session must be of the kind its port serves.
   */
  private void dispatch(Listener listener, UdpSocket.Received datagram, ByteBuffer payload) {
    ControlPacket packet;
    try {
      packet = ControlPacket.decode(payload, datagram.length());
    } catch (MalformedPacketException e) {
      discardedUnmatched++;
      log.debug("bfd packet discarded source={} reason=\"{}\"", datagram.source(), e.getMessage());
      return;
    }
    Entry entry =
        packet.yourDiscriminator() != 0
            ? byDiscriminator.get(packet.yourDiscriminator())
            : findByAddress(listener, datagram);
    if (entry == null || !matches(entry.session().peer(), listener, datagram)) {
      discardedUnmatched++;
      log.debug(
          "bfd packet matches no session source={} destination={} multihop={}"
              + " yourDiscriminator={}",
          datagram.source(),
          datagram.destination(),
          listener.multihop(),
          Integer.toUnsignedString(packet.yourDiscriminator()));
      return;
    }
    BfdPeer peer = entry.session().peer();
    if (datagram.ttl() < peer.minimumTtl()) {
      entry.session().countDiscarded();
      log.debug("bfd packet discarded by GTSM peer={} ttl={}", peer, datagram.ttl());
      return;
    }
    if (!entry.session().receive(packet)) {
      log.debug("bfd packet discarded by session peer={}", peer);
    }
  }

  private static boolean matches(BfdPeer peer, Listener listener, UdpSocket.Received datagram) {
    return peer.multihop() == listener.multihop()
        && peer.peer().equals(datagram.source())
        && (!peer.multihop() || peer.local().equals(datagram.destination()));
  }

  private Entry findByAddress(Listener listener, UdpSocket.Received datagram) {
    for (Entry entry : byPeer.values()) {
      if (matches(entry.session().peer(), listener, datagram)) {
        return entry;
      }
    }
    return null;
  }

  private void send(BfdPeer peer, UdpSocket socket, ControlPacket packet) {
    try {
      socket.send(packet.toBytes(), peer.peer(), peer.controlPort());
    } catch (UdpSocketException e) {
      // A link that is down refuses sends; the detection timer is what reports it.
      log.debug("bfd send failed peer={} error=\"{}\"", peer, e.getMessage());
    }
  }

  private void notifyListeners(BfdPeer peer, BfdState from, BfdState to, Diagnostic diagnostic) {
    for (BfdStateListener listener : listeners) {
      try {
        listener.stateChanged(peer, from, to, diagnostic);
      } catch (RuntimeException e) {
        log.error("bfd state listener failed peer={}", peer, e);
      }
    }
  }

  private int newDiscriminator() {
    int discriminator;
    do {
      discriminator = random.nextInt();
    } while (discriminator == 0 || byDiscriminator.containsKey(discriminator));
    return discriminator;
  }

  private <T> T call(Callable<T> task) {
    try {
      return executor.submit(task).get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the BFD thread", e);
    }
  }

  /** Takes every session administratively down and closes the sockets. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    for (BfdPeer peer : call(() -> List.copyOf(byPeer.keySet()))) {
      remove(peer);
    }
    receivers.values().forEach(BfdReceiver::close);
    executor.shutdown();
    try {
      executor.awaitTermination(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
