package dev.tabby.bgp.bfd;

import dev.tabby.bfd.BfdPeer;
import dev.tabby.bfd.BfdSessions;
import dev.tabby.bfd.BfdState;
import dev.tabby.bfd.Diagnostic;
import dev.tabby.bgp.BgpSpeaker;
import dev.tabby.bgp.PeerStatus;
import dev.tabby.bgp.SessionStateChange;
import dev.tabby.bgp.session.SessionState;
import dev.tabby.bgp.wire.NotificationCodes;
import dev.tabby.net.IpAddress;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ties BGP peers to BFD sessions: once a peer with BFD enabled is Established, a BFD session
 * (single-hop or multihop, as its {@link BfdOptions} say) runs from the BGP session's local address
 * to the peer, and when that BFD session goes from Up to Down the BGP session is dropped at once
 * (Cease / BFD Down, RFC 9384) instead of at hold-time expiry. The BFD session outlives BGP
 * reconnections and ends when the peer loses BFD or is no longer wanted; a peer that switches
 * between single hop and multihop gets a new one. Used by the node agent and the tabby-bgp daemon.
 */
public final class BfdGuard {
  private static final Logger log = LoggerFactory.getLogger(BfdGuard.class);

  private final BgpSpeaker speaker;
  private final BfdSessions sessions;
  private final Executor socketThread;
  private final Map<InetAddress, BfdOptions> wanted = new HashMap<>();
  private final Map<InetAddress, BfdPeer> running = new HashMap<>();

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
  public synchronized void setWanted(Map<InetAddress, BfdOptions> peers) {
    for (Map.Entry<InetAddress, BfdPeer> entry : Map.copyOf(running).entrySet()) {
      BfdOptions options = peers.get(entry.getKey());
      BfdOptions before = wanted.get(entry.getKey());
      if (options == null || !options.samePath(before)) {
        running.remove(entry.getKey());
        socketThread.execute(() -> sessions.remove(entry.getValue()));
      } else if (!options.equals(before)) {
        socketThread.execute(() -> sessions.add(entry.getValue(), options.parameters()));
      }
    }
    wanted.clear();
    wanted.putAll(peers);
    // Peers already Established start BFD now; the others when they get there.
    for (PeerStatus status : speaker.peers()) {
      if (status.state() == SessionState.ESTABLISHED) {
        startBfd(status.address());
      }
    }
  }

  private void sessionStateChanged(SessionStateChange change) {
    if (change.to() == SessionState.ESTABLISHED) {
      startBfd(change.peer());
    }
  }

  private synchronized void startBfd(InetAddress address) {
    BfdOptions options = wanted.get(address);
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
    running.put(address, peer);
    socketThread.execute(
        () -> {
          try {
            sessions.add(peer, options.parameters());
          } catch (RuntimeException e) {
            log.warn("bfd session not started peer={} error=\"{}\"", peer, e.getMessage());
            synchronized (this) {
              running.remove(address, peer);
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
