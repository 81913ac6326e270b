package dev.tabby.bgp.bfd;

import dev.tabby.bfd.BfdPeer;
import dev.tabby.bfd.BfdSessionStatus;
import dev.tabby.bfd.BfdSessions;
import dev.tabby.bfd.BfdState;
import dev.tabby.bfd.Diagnostic;
import dev.tabby.bgp.BgpSpeaker;
import dev.tabby.bgp.PeerRange;
import dev.tabby.bgp.PeerStatus;
import dev.tabby.bgp.SessionStateChange;
import dev.tabby.bgp.session.SessionState;
import dev.tabby.bgp.wire.NotificationCodes;
import dev.tabby.net.IpAddress;
import dev.tabby.net.IpPrefix;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ties BGP peers to BFD sessions: once a peer with BFD enabled is Established, a BFD session
 * (single-hop or multihop, as its {@link BfdOptions} say) runs from the BGP session's local address
 * to the peer, and when that BFD session goes from Up to Down the BGP session is dropped at once
 * (Cease / BFD Down, RFC 9384) instead of at hold-time expiry. The BFD session outlives BGP
 * reconnections and ends when the peer loses BFD or is no longer wanted; a peer that switches
 * between single hop and multihop gets a new one. A dynamic neighbour (see {@link PeerRange}) gets
 * BFD from its range, for as long as its connection lasts. Used by the node agent and the tabby-bgp
 * daemon.
 */
public final class BfdGuard {
  private static final Logger log = LoggerFactory.getLogger(BfdGuard.class);

  private final BgpSpeaker speaker;
  private final BfdSessions sessions;
  private final Executor socketThread;
  private final Map<InetAddress, BfdOptions> wanted = new HashMap<>();
  private final Map<IpPrefix, BfdOptions> wantedRanges = new HashMap<>();
  private final Map<InetAddress, Running> running = new HashMap<>();

  /** A peer's BFD session and the options it was made or last changed with. */
  private record Running(BfdPeer session, BfdOptions options) {}

  /**
   * @param socketThread where BFD sockets are opened: they belong to that thread's network
   *     namespace (the agent's own, in production)
   */
  public BfdGuard(BgpSpeaker speaker, BfdSessions sessions, Executor socketThread) {
    this.speaker = speaker;
    this.sessions = sessions;
    this.socketThread = socketThread;
    speaker.addSessionListener(this::sessionStateChanged);
    sessions.addListener(this::bfdStateChanged);
  }

  /** The peers that want BFD, with their options; the others lose their BFD sessions. */
  public void setWanted(Map<InetAddress, BfdOptions> peers) {
    setWanted(peers, Map.of());
  }

  /**
   * The configured peers that want BFD, and the ranges whose dynamic neighbours do, with their
   * options; the other peers lose their BFD sessions. A configured peer's own setting wins over a
   * range's, as its exact address wins over the range in the speaker.
   */
  public synchronized void setWanted(
      Map<InetAddress, BfdOptions> peers, Map<IpPrefix, BfdOptions> ranges) {
    wanted.clear();
    wanted.putAll(peers);
    wantedRanges.clear();
    wantedRanges.putAll(ranges);
    for (Map.Entry<InetAddress, Running> entry : Map.copyOf(running).entrySet()) {
      BfdOptions options = optionsFor(entry.getKey());
      Running now = entry.getValue();
      if (options == null || !options.samePath(now.options())) {
        stopBfd(entry.getKey());
      } else if (!options.equals(now.options())) {
        running.put(entry.getKey(), new Running(now.session(), options));
        socketThread.execute(() -> sessions.add(now.session(), options.parameters()));
      }
    }
    // Peers already Established start BFD now; the others when they get there.
    for (PeerStatus status : speaker.peers()) {
      if (status.state() == SessionState.ESTABLISHED) {
        startBfd(status.address());
      }
    }
  }

  /** What {@code address} wants: its own setting, else its dynamic neighbour range's; or null. */
  private BfdOptions optionsFor(InetAddress address) {
    BfdOptions options = wanted.get(address);
    if (options != null || wantedRanges.isEmpty()) {
      return options;
    }
    PeerRange range = speaker.rangeOf(address);
    return range == null ? null : wantedRanges.get(range.prefix());
  }

  /** The BFD session of {@code peer}; empty while none runs (no BFD, or BGP not up yet). */
  public Optional<BfdSessionStatus> status(InetAddress peer) {
    Running session;
    synchronized (this) {
      session = running.get(peer);
    }
    return session == null ? Optional.empty() : sessions.status(session.session());
  }

  /**
   * A configured peer keeps its BFD session across reconnections; a dynamic neighbour is forgotten
   * when its connection ends (it may come back from elsewhere, or never), and so is its BFD
   * session.
   */
  private void sessionStateChanged(SessionStateChange change) {
    if (change.to() == SessionState.ESTABLISHED) {
      startBfd(change.peer());
    } else if (change.from().compareTo(SessionState.OPEN_SENT) >= 0
        && change.to().compareTo(SessionState.ACTIVE) <= 0) {
      synchronized (this) {
        if (!wanted.containsKey(change.peer())) {
          stopBfd(change.peer());
        }
      }
    }
  }

  private synchronized void stopBfd(InetAddress address) {
    Running stopped = running.remove(address);
    if (stopped != null) {
      socketThread.execute(() -> sessions.remove(stopped.session()));
    }
  }

  private synchronized void startBfd(InetAddress address) {
    BfdOptions options = optionsFor(address);
    if (options == null || running.containsKey(address)) {
      return;
    }
    InetAddress local =
        speaker.peers().stream()
            .filter(p -> p.address().equals(address) && p.negotiated() != null)
            .map(p -> p.negotiated().localAddress())
            .findFirst()
            .orElse(null);
    if (local == null) {
      return;
    }
    BfdPeer peer = options.session(IpAddress.of(local), IpAddress.of(address));
    Running started = new Running(peer, options);
    running.put(address, started);
    socketThread.execute(
        () -> {
          try {
            sessions.add(peer, options.parameters());
          } catch (RuntimeException e) {
            log.warn("bfd session not started peer={} error=\"{}\"", peer, e.getMessage());
            synchronized (this) {
              running.remove(address, started);
            }
          }
        });
  }

  private void bfdStateChanged(BfdPeer peer, BfdState from, BfdState to, Diagnostic diagnostic) {
    if (from != BfdState.UP || to != BfdState.DOWN) {
      return;
    }
    InetAddress address = peer.peer().toInetAddress();
    log.warn("bgp session dropped by bfd peer={} diagnostic={}", peer, diagnostic);
    speaker.dropSession(
        address, NotificationCodes.BFD_DOWN, "BFD session went down (" + diagnostic + ")");
  }
}
