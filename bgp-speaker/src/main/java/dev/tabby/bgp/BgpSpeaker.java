package dev.tabby.bgp;

import com.google.common.net.InetAddresses;
import dev.tabby.bgp.rib.BestPathListener;
import dev.tabby.bgp.rib.PeerCounters;
import dev.tabby.bgp.rib.Rib;
import dev.tabby.bgp.rib.Route;
import dev.tabby.bgp.rib.RouteBudget;
import dev.tabby.bgp.rib.RouteFilter;
import dev.tabby.bgp.rib.RoutePage;
import dev.tabby.bgp.session.BgpListener;
import dev.tabby.bgp.session.BgpSession;
import dev.tabby.bgp.session.EventLoopScheduler;
import dev.tabby.bgp.session.EventLoops;
import dev.tabby.bgp.session.NettyConnector;
import dev.tabby.bgp.session.SessionParameters;
import dev.tabby.bgp.session.SessionState;
import dev.tabby.bgp.session.SessionStatus;
import dev.tabby.bgp.session.TcpMd5Exception;
import dev.tabby.bgp.wire.AddressFamily;
import dev.tabby.bgp.wire.NotificationCodes;
import dev.tabby.bgp.wire.NotificationMessage;
import dev.tabby.bgp.wire.Origin;
import dev.tabby.bgp.wire.PathAttributes;
import dev.tabby.net.IpPrefix;
import io.netty.channel.EventLoop;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A BGP speaker: sessions with configured peers, one RIB, and the routes this node originates. This
 * is what the node agent and the tabby-bgp daemon embed. Every method is thread-safe.
 */
public final class BgpSpeaker implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(BgpSpeaker.class);

  /** How long closing waits for every session to have sent its Cease. */
  private static final Duration CEASE_FLUSH_TIMEOUT = Duration.ofSeconds(2);

  /** Every session offers both unicast families; the OPENs narrow them to what the peer has. */
  private static final EnumSet<AddressFamily> FAMILIES =
      EnumSet.of(AddressFamily.IPV4_UNICAST, AddressFamily.IPV6_UNICAST);

  /**
   * A peer's session; {@code range} is the range a dynamic neighbour connected from, null for a
   * configured peer.
   */
  private record Peer(
      PeerConfig config,
      BgpSession session,
      SpeakerPeer speakerPeer,
      EventLoop loop,
      PeerRange range) {
    boolean dynamic() {
      return range != null;
    }
  }

  private final SpeakerConfig config;
  private final EventLoops loops;
  private final Rib rib;
  private final Map<InetAddress, Peer> peers = new ConcurrentHashMap<>();
  private final BgpListener listener;
  private final SessionEvents sessionEvents = new SessionEvents();
  private final PrefixLimitEvents prefixLimitEvents = new PrefixLimitEvents();
  private volatile List<PeerRange> ranges = List.of();

  private BgpSpeaker(SpeakerConfig config, EventLoops loops) {
    this.config = config;
    this.loops = loops;
    this.rib = new Rib(config.routerId(), config.localAs(), config.clusterId());
    if (config.gracefulRestart().restarted()) {
      rib.holdInitialTables(config.gracefulRestart().restartTime());
    }
    BgpListener bound = null;
    if (config.listen() != null) {
      try {
        bound = BgpListener.bind(loops, config.listen(), this::sessionOf);
      } catch (RuntimeException e) {
        rib.close();
        loops.close();
        throw e;
      }
    }
    this.listener = bound;
    sessionEvents.add(this::forgetEndedDynamicPeer);
    log.info(
        "event=speaker-started router-id={} as={} transport={}",
        InetAddresses.toAddrString(config.routerId()),
        config.localAs(),
        loops.epoll() ? "epoll" : "nio");
  }

  /**
   * Starts a speaker with no peers yet.
   *
   * @throws IllegalStateException when the listen address cannot be bound
   */
  public static BgpSpeaker start(SpeakerConfig config) {
    Objects.requireNonNull(config, "config");
    return start(config, EventLoops.start(Math.max(2, Runtime.getRuntime().availableProcessors())));
  }

  /**
   * Starts a speaker on {@code loops}, which it closes; tests choose NIO to stand for a host where
   * the native transport did not load.
   */
  static BgpSpeaker start(SpeakerConfig config, EventLoops loops) {
    return new BgpSpeaker(config, loops);
  }

  public SpeakerConfig config() {
    return config;
  }

  /** Where peers' connections are accepted (the real port when 0 was configured); null if not. */
  public InetSocketAddress listenAddress() {
    return listener == null ? null : listener.localAddress();
  }

  /**
   * Configures a peer and starts its session.
   *
   * <p>A dynamic neighbour at the same address is replaced: a configured peer's exact address wins
   * over a range.
   *
   * @throws IllegalArgumentException when the peer is configured already
   * @throws TcpMd5Exception when the peer has a password and its segments cannot be signed (no
   *     native transport, or the kernel refuses the key); the peer is then not configured, so none
   *     of its connections is accepted or opened
   */
  public void addPeer(PeerConfig peer) {
    if (peer.password() != null) {
      loops.checkTcpMd5(peer.address());
    }
    Peer dynamic = peers.get(peer.address());
    if (dynamic != null && dynamic.dynamic()) {
      removePeer(peer.address()); // a configured peer's exact address wins over a range
    }
    startPeer(peer, null, peer.remoteAs());
  }

  private BgpSession startPeer(PeerConfig peer, PeerRange range, long maxPeerAs) {
    EventLoop loop = loops.next();
    SessionParameters params =
        new SessionParameters(
            peer.address(),
            peer.remoteAs(),
            config.localAs(),
            config.routerId(),
            peer.holdTime(),
            peer.connectRetryTime(),
            peer.openTimeout(),
            peer.passive(),
            FAMILIES,
            maxPeerAs,
            config.gracefulRestart().capability(FAMILIES),
            peer.extendedMessages(),
            peer.addPaths(),
            peer.extendedNextHop(),
            config.gracefulRestart().longLivedCapability(FAMILIES, peer.longLivedStaleTime()));
    NettyConnector connector =
        new NettyConnector(
            loops,
            loop,
            new InetSocketAddress(peer.address(), peer.port()),
            peer.localAddress(),
            md5Key(peer),
            peer.connectRetryTime());
    SpeakerPeer speakerPeer = new SpeakerPeer(peer, config, rib, sessionEvents, prefixLimitEvents);
    BgpSession session =
        new BgpSession(params, loop, new EventLoopScheduler(loop), connector, speakerPeer);
    session.keepaliveTime(peer.keepaliveTime());
    if (peers.putIfAbsent(peer.address(), new Peer(peer, session, speakerPeer, loop, range))
        != null) {
      throw new IllegalArgumentException(
          "peer " + InetAddresses.toAddrString(peer.address()) + " is already configured");
    }
    if (peer.password() != null) {
      try {
        installListenerKeys();
      } catch (TcpMd5Exception e) {
        peers.remove(peer.address());
        reinstallListenerKeys();
        throw e;
      }
    }
    if (peer.passive() && listener == null) {
      log.warn(
          "peer={} event=unreachable-config reason=\"passive peer but the speaker does not listen\"",
          InetAddresses.toAddrString(peer.address()));
    }
    session.start();
    return session;
  }

  /**
   * Removes a peer: its session ends with Cease / Peer De-configured and its routes are withdrawn.
   *
   * @return false when no such peer was configured
   */
  public boolean removePeer(InetAddress address) {
    Peer peer = peers.get(address);
    if (peer == null) {
      return false;
    }
    removePeer(address, peer);
    rib.peerDown(address); // the stale routes of a peer removed while it restarts go too
    if (peer.config().password() != null) {
      reinstallListenerKeys();
    }
    return true;
  }

  /**
   * Ends the peer's established session at once with a Cease NOTIFICATION of {@code ceaseSubcode}
   * (such as {@link NotificationCodes#BFD_DOWN}) for a failure seen outside BGP, instead of waiting
   * for its hold timer; its routes are withdrawn and the session reconnects as after any error.
   *
   * @return false when no such peer is configured
   */
  public boolean dropSession(InetAddress address, int ceaseSubcode, String reason) {
    Peer peer = peers.get(address);
    if (peer == null) {
      return false;
    }
    peer.session()
        .closeEstablished(NotificationMessage.of(NotificationCodes.CEASE, ceaseSubcode), reason);
    return true;
  }

  /**
   * Makes the configured peers equal to {@code wanted}: peers no longer wanted are removed, new
   * ones added, and a peer whose configuration changed is restarted with it. Every field of a peer
   * but one either goes into the OPEN (AS, hold time), shapes its connection (password, addresses,
   * port, passive) or is fixed when the session is established (next-hop-self, policies), so a
   * change takes a reset of that one session; a peer whose keepalive time alone changed keeps its
   * session and sends KEEPALIVEs at the new interval. Peers that did not change are left alone.
   *
   * <p>A peer with a password that cannot be applied (see {@link #addPeer}) is refused alone, and
   * logged: the others are still applied, and the next call tries the refused one again.
   *
   * @return how many sessions were added, removed and restarted, and which peers were refused
   * @throws IllegalArgumentException when two wanted peers share an address
   */
  public synchronized PeerChanges setPeers(Collection<PeerConfig> wanted) {
    Map<InetAddress, PeerConfig> next = new LinkedHashMap<>();
    for (PeerConfig peer : wanted) {
      if (next.put(peer.address(), peer) != null) {
        throw new IllegalArgumentException(
            "peer " + InetAddresses.toAddrString(peer.address()) + " is given twice");
      }
    }
    int added = 0;
    int removed = 0;
    int restarted = 0;
    int updated = 0;
    List<InetAddress> refused = new ArrayList<>();
    for (Peer current : List.copyOf(peers.values())) {
      if (current.dynamic()) {
        continue; // a configured peer at its address replaces it in addPeer
      }
      PeerConfig replacement = next.get(current.config().address());
      if (replacement == null) {
        removePeer(current.config().address());
        removed++;
      } else if (replacement.equals(
          current.config().withKeepaliveTime(replacement.keepaliveTime()))) {
        if (!replacement.equals(current.config())) {
          current.session().keepaliveTime(replacement.keepaliveTime());
          peers.put(
              replacement.address(),
              new Peer(
                  replacement, current.session(), current.speakerPeer(), current.loop(), null));
          updated++;
        }
      } else {
        removePeer(current.config().address());
        if (addOrRefuse(replacement, refused)) {
          restarted++;
        } else {
          removed++;
        }
      }
    }
    for (PeerConfig peer : next.values()) {
      Peer current = peers.get(peer.address());
      if ((current == null || current.dynamic()) && !refused.contains(peer.address())) {
        if (addOrRefuse(peer, refused)) {
          added++;
        }
      }
    }
    return new PeerChanges(added, removed, restarted, updated, refused);
  }

  /** Adds {@code peer}, or notes it in {@code refused} when its password cannot be applied. */
  private boolean addOrRefuse(PeerConfig peer, List<InetAddress> refused) {
    try {
      addPeer(peer);
      return true;
    } catch (TcpMd5Exception e) {
      log.error(
          "peer={} event=peer-refused reason=\"{}\"",
          InetAddresses.toAddrString(peer.address()),
          e.getMessage());
      refused.add(peer.address());
      return false;
    }
  }

  /**
   * What {@link #setPeers} did: sessions added, removed, restarted, and changed in place (keepalive
   * time); a refused peer is not configured (its sessions are refused).
   */
  public record PeerChanges(
      int added, int removed, int restarted, int updated, List<InetAddress> refused) {
    public PeerChanges {
      refused = List.copyOf(refused);
    }

    public boolean any() {
      return added + removed + restarted + updated + refused.size() > 0;
    }
  }

  /**
   * Sets the ranges dynamic neighbours may connect from (see {@link PeerRange}); each one's peer is
   * in {@link #peers()} from its connection until its session ends, and is forgotten then. When an
   * address is in several ranges, the longest prefix decides. A dynamic neighbour whose range is
   * gone or changed is removed (Cease / Peer De-configured) and may connect again under the new
   * ranges.
   *
   * @throws IllegalArgumentException when two ranges have the same prefix
   */
  public synchronized void setPeerRanges(Collection<PeerRange> wanted) {
    List<PeerRange> next = new ArrayList<>(wanted);
    next.sort(Comparator.comparingInt((PeerRange range) -> range.prefix().length()).reversed());
    for (int i = 1; i < next.size(); i++) {
      for (int j = 0; j < i; j++) {
        if (next.get(i).prefix().equals(next.get(j).prefix())) {
          throw new IllegalArgumentException(
              "peer range " + next.get(i).prefix() + " is given twice");
        }
      }
    }
    if (!next.isEmpty() && listener == null) {
      log.warn("event=unreachable-config reason=\"peer ranges but the speaker does not listen\"");
    }
    ranges = List.copyOf(next);
    for (Peer peer : List.copyOf(peers.values())) {
      if (peer.dynamic() && !next.contains(peer.range())) {
        removePeer(peer.config().address(), peer);
      }
    }
  }

  /**
   * The range the dynamic neighbour at {@code address} connected from; null when the peer there is
   * a configured one, or there is none.
   */
  public PeerRange rangeOf(InetAddress address) {
    Peer peer = peers.get(address);
    return peer == null ? null : peer.range();
  }

  /** Originates a route to {@code prefix} (origin IGP) tagged with {@code communities}. */
  public void originate(IpPrefix prefix, int... communities) {
    rib.originate(
        prefix, PathAttributes.builder().origin(Origin.IGP).communities(communities).build());
  }

  /**
   * Our own routes are originated again after a graceful restart ({@link
   * GracefulRestartConfig#restarted()}): peers are sent their initial tables and End-of-RIB, which
   * until now waited (at most the restart time) so that helpers do not flush our routes not yet
   * originated again (RFC 4724 §4.1). Does nothing otherwise.
   */
  public void initialRoutesReady() {
    rib.sendInitialTables();
  }

  /** Stops originating {@code prefix}. */
  public void withdraw(IpPrefix prefix) {
    rib.withdrawOriginated(prefix);
  }

  /**
   * Sets how many routes the speaker may hold before a peer that brings more is torn down with
   * Cease / Maximum Number of Prefixes Reached; by default {@link RouteBudget#forThisHeap()}.
   */
  public void routeBudget(long maxRoutes) {
    rib.routeBudget(maxRoutes);
  }

  /** Tells {@code listener} of every best-path change, on the RIB thread. */
  public void addBestPathListener(BestPathListener listener) {
    rib.addListener(listener);
  }

  /**
   * Stops telling {@code listener} of best-path changes. Once this returns it is not called again,
   * unless this is called on the RIB thread (from a listener), where it takes effect after the
   * current batch of changes.
   */
  public void removeBestPathListener(BestPathListener listener) {
    rib.removeListener(listener);
  }

  /**
   * Tells {@code listener} of every FSM transition of every peer's session from now on. Listeners
   * run on the speaker's one session-events thread ({@code tabby-session-events}), never on a
   * session's event loop: a listener may take its time without holding up a session, though it
   * delays the events of the others. A listener that throws is logged and keeps being called.
   */
  public void addSessionListener(SessionStateListener listener) {
    sessionEvents.add(Objects.requireNonNull(listener, "listener"));
  }

  /**
   * Stops telling {@code listener} of transitions; once this returns it is not called again. Off
   * the session-events thread this waits for the change being delivered, if any.
   *
   * @return false when the listener was not added
   */
  public boolean removeSessionListener(SessionStateListener listener) {
    return sessionEvents.remove(listener);
  }

  /**
   * Tells {@code listener} when a peer's accepted prefixes of a family reach the warning threshold
   * of its prefix limit or exceed it (see {@link PrefixLimitListener} for the thread it runs on).
   */
  public void addPrefixLimitListener(PrefixLimitListener listener) {
    prefixLimitEvents.add(Objects.requireNonNull(listener, "listener"));
  }

  /**
   * Stops telling {@code listener} of prefix-limit crossings.
   *
   * @return false when the listener was not added
   */
  public boolean removePrefixLimitListener(PrefixLimitListener listener) {
    return prefixLimitEvents.remove(listener);
  }

  /**
   * Completes with the reason when a thread the speaker cannot live without (the RIB thread, an
   * event loop) has died: the speaker then looks alive but does nothing, so its owner should end
   * (the daemon exits for its supervisor to restart it). Never completes otherwise.
   */
  public CompletableFuture<String> failure() {
    return rib.failure().applyToEither(loops.failure(), reason -> reason);
  }

  /** A snapshot of every peer, ordered by address. */
  public List<PeerStatus> peers() {
    Map<InetAddress, PeerCounters> counters = rib.counters();
    Map<InetAddress, Map<AddressFamily, Long>> acceptedPerFamily = rib.acceptedPerFamily();
    List<PeerStatus> result = new ArrayList<>();
    for (Peer peer : peers.values()) {
      SessionStatus status = peer.session().status();
      PeerCounters peerCounters =
          counters.getOrDefault(peer.config().address(), new PeerCounters(0, 0, 0));
      result.add(
          new PeerStatus(
              peer.config().address(),
              status.negotiated() != null ? status.negotiated().peerAs() : peer.config().remoteAs(),
              status.state(),
              peer.session().uptime(),
              status.negotiated(),
              peerCounters,
              peer.session().readPauses(),
              peer.session().queuedUpdates(),
              peer.session().queuedBytes(),
              status.lastError(),
              peer.config().prefixLimits(),
              peer.session().downUntil(),
              acceptedPerFamily.getOrDefault(peer.config().address(), Map.of()),
              peerCounters.restarting() ? peer.speakerPeer().staleUntil() : null));
    }
    result.sort(Comparator.comparing(status -> InetAddresses.toAddrString(status.address())));
    return result;
  }

  /** The best path of every prefix (the Loc-RIB). */
  public CompletableFuture<List<Route>> routes() {
    return rib.locRib();
  }

  /**
   * A page of the Loc-RIB: the best paths passing {@code filter} to the first {@code limit}
   * prefixes after {@code after} (null: from the first), in prefix order. Walk a big table page by
   * page: each page is one short task of the RIB thread, and only one page is in memory.
   */
  public CompletableFuture<RoutePage> routes(RouteFilter filter, IpPrefix after, int limit) {
    return rib.bestPaths(filter, after, limit);
  }

  /** How many prefixes the Loc-RIB holds, counted without listing them. */
  public CompletableFuture<Integer> routeCount() {
    return rib.routeCount();
  }

  /** Ends every session with Cease / Administrative Shutdown and stops. */
  @Override
  public void close() {
    NotificationMessage shutdown =
        NotificationMessage.cease(
            NotificationCodes.ADMINISTRATIVE_SHUTDOWN, "speaker shutting down");
    List<Peer> stopping = List.copyOf(peers.values());
    peers.clear();
    for (Peer peer : stopping) {
      peer.session().stop(shutdown);
    }
    for (Peer peer : stopping) {
      // The stop runs on the session's loop; once a later task ran, its Cease has been written.
      peer.loop().submit(() -> {}).awaitUninterruptibly(CEASE_FLUSH_TIMEOUT.toMillis());
    }
    if (listener != null) {
      listener.close();
    }
    sessionEvents.close(CEASE_FLUSH_TIMEOUT);
    rib.close();
    loops.close();
    log.info("event=speaker-stopped");
  }

  /**
   * The session for a connection from {@code address}: a configured or running dynamic peer's, or a
   * new dynamic neighbour's when the address is in a range; null when there is none.
   */
  private BgpSession sessionOf(InetAddress address) {
    Peer peer = peers.get(address);
    if (peer != null) {
      return peer.session();
    }
    return ranges.isEmpty() ? null : dynamicSession(address);
  }

  private synchronized BgpSession dynamicSession(InetAddress address) {
    Peer peer = peers.get(address); // added while this thread waited for the lock
    if (peer != null) {
      return peer.session();
    }
    for (PeerRange range : ranges) { // longest prefix first
      if (range.contains(address)) {
        log.info(
            "peer={} event=dynamic-peer-accepted range={} as={}",
            InetAddresses.toAddrString(address),
            range.prefix(),
            range.asText());
        return startPeer(range.peerAt(address), range, range.maxAs());
      }
    }
    return null;
  }

  /**
   * A dynamic neighbour exists while it has a connection: when its last one closes (the session
   * falls back from OpenSent or later to Active), it is forgotten.
   */
  private void forgetEndedDynamicPeer(SessionStateChange change) {
    Peer peer = peers.get(change.peer());
    if (peer == null
        || !peer.dynamic()
        || change.from().compareTo(SessionState.OPEN_SENT) < 0
        || change.to().compareTo(SessionState.ACTIVE) > 0) {
      return;
    }
    log.info(
        "peer={} event=dynamic-peer-gone range={}{}",
        InetAddresses.toAddrString(change.peer()),
        peer.range().prefix(),
        change.error() == null ? "" : " reason=\"" + change.error() + "\"");
    removePeer(change.peer(), peer);
  }

  /** Removes {@code peer} if it is still the one at {@code address}. */
  private void removePeer(InetAddress address, Peer peer) {
    if (peers.remove(address, peer)) {
      peer.session()
          .stop(
              NotificationMessage.of(NotificationCodes.CEASE, NotificationCodes.PEER_DECONFIGURED));
    }
  }

  private static byte[] md5Key(PeerConfig peer) {
    return peer.password() == null ? null : peer.password().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The listening socket must know every peer's key, or it drops their signed SYNs (and accepts
   * their unsigned ones).
   *
   * @throws TcpMd5Exception when the keys could not be installed; the listener then refuses every
   *     connection from the peers they were for
   */
  private synchronized void installListenerKeys() {
    if (listener == null) {
      return;
    }
    Map<InetAddress, byte[]> keys = new HashMap<>();
    peers.values().stream()
        .filter(peer -> peer.config().password() != null)
        .forEach(peer -> keys.put(peer.config().address(), md5Key(peer.config())));
    listener.md5Keys(keys);
  }

  /** After a peer with a password left: a failure leaves the remaining ones refused, and logged. */
  private void reinstallListenerKeys() {
    try {
      installListenerKeys();
    } catch (TcpMd5Exception e) {
      log.error("event=md5-failed reason=\"{}\" (their connections are refused)", e.getMessage());
    }
  }
}
