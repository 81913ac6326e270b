package dev.tabby.bfd;

import dev.tabby.bfd.transport.UdpSocket;
import dev.tabby.bfd.transport.UdpSocketException;
import dev.tabby.net.IpFamily;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.EnumMap;
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
 * The single-hop BFD sessions of one process (RFC 5881): one receiving socket on UDP port 3784 per
 * address family, one sending socket per session on a port of 49152–65535, all with TTL 255, and
 * every received packet checked to have arrived with TTL 255 (GTSM) before its session sees it.
 * Every session runs on one thread. Sockets belong to the network namespace of the thread that
 * calls {@link #add}.
 */
public final class BfdSessions implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(BfdSessions.class);

  public static final int CONTROL_PORT = 3784;
  public static final int SOURCE_PORT_MIN = 49152;
  public static final int SOURCE_PORT_MAX = 65535;

  /** RFC 5881 §5: a single-hop packet must arrive with the TTL it was sent with, 255. */
  static final int REQUIRED_TTL = 255;

  private final ScheduledExecutorService executor;
  private final SessionClock clock;
  private final SplittableRandom random = new SplittableRandom(new SecureRandom().nextLong());
  private final List<BfdStateListener> listeners = new CopyOnWriteArrayList<>();
  private final Map<IpFamily, BfdReceiver> receivers = new EnumMap<>(IpFamily.class);

  // Touched only on the BFD thread.
  private final Map<BfdPeer, Entry> byPeer = new HashMap<>();
  private final Map<Integer, Entry> byDiscriminator = new HashMap<>();
  private long discardedUnmatched;

  private boolean closed;

  private record Entry(BfdSession session, UdpSocket socket) {}

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
   *     local address is not configured or another BFD daemon holds port 3784
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
    openReceiver(peer.local().family());
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

  private synchronized void openReceiver(IpFamily family) {
    if (closed) {
      throw new IllegalStateException("BFD is shut down");
    }
    if (receivers.containsKey(family)) {
      return;
    }
    UdpSocket socket = UdpSocket.open(family, null, CONTROL_PORT, null, BfdReceiver.POLL_MILLIS);
    receivers.put(
        family,
        new BfdReceiver(
            socket,
            "bfd-receive-" + family.name().toLowerCase(),
            (datagram, payload) -> executor.execute(() -> dispatch(datagram, payload))));
    log.info("bfd listening family={} port={}", family, CONTROL_PORT);
  }

  /** Demultiplexes a datagram to its session (RFC 5880 §6.8.6) after the GTSM check. */
  private void dispatch(UdpSocket.Received datagram, ByteBuffer payload) {
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
            : findByAddress(datagram);
    if (entry == null || !entry.session().peer().peer().equals(datagram.source())) {
      discardedUnmatched++;
      log.debug(
          "bfd packet matches no session source={} yourDiscriminator={}",
          datagram.source(),
          Integer.toUnsignedString(packet.yourDiscriminator()));
      return;
    }
    if (datagram.ttl() != REQUIRED_TTL) {
      entry.session().countDiscarded();
      log.debug(
          "bfd packet discarded by GTSM peer={} ttl={}", entry.session().peer(), datagram.ttl());
      return;
    }
    if (!entry.session().receive(packet)) {
      log.debug("bfd packet discarded by session peer={}", entry.session().peer());
    }
  }

  private Entry findByAddress(UdpSocket.Received datagram) {
    for (Entry entry : byPeer.values()) {
      if (entry.session().peer().peer().equals(datagram.source())) {
        return entry;
      }
    }
    return null;
  }

  private void send(BfdPeer peer, UdpSocket socket, ControlPacket packet) {
    try {
      socket.send(packet.toBytes(), peer.peer(), CONTROL_PORT);
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
