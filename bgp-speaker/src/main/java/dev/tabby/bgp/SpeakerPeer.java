package dev.tabby.bgp;

import dev.tabby.bgp.rib.PeerInfo;
import dev.tabby.bgp.rib.PeerOutbound;
import dev.tabby.bgp.rib.PrefixLimit;
import dev.tabby.bgp.rib.Rib;
import dev.tabby.bgp.session.BgpSession;
import dev.tabby.bgp.session.NegotiatedSession;
import dev.tabby.bgp.session.SessionListener;
import dev.tabby.bgp.session.SessionState;
import dev.tabby.bgp.session.Transport;
import dev.tabby.bgp.wire.AddressFamily;
import dev.tabby.bgp.wire.NotificationMessage;
import dev.tabby.bgp.wire.UpdateMessage;
import io.netty.buffer.ByteBuf;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** Connects one peer's session to the RIB: the RIB ⇄ session contract, implemented. */
final class SpeakerPeer implements SessionListener {

  private final PeerConfig config;
  private final SpeakerConfig speaker;
  private final Rib rib;
  private final SessionEvents events;
  private final PrefixLimitEvents limitEvents;

  /** What the established session agreed on; null while none is. On the session's thread. */
  private NegotiatedSession negotiated;

  /**
   * While the RIB keeps the peer's routes stale after its connection was lost, the latest moment it
   * keeps them to: the restart time from the loss, then our maximum from its return while it sends
   * its routes again up to End-of-RIB (as the RIB's deadlines run). Null when none was lost since.
   */
  private volatile Instant staleUntil;

  SpeakerPeer(
      PeerConfig config,
      SpeakerConfig speaker,
      Rib rib,
      SessionEvents events,
      PrefixLimitEvents limitEvents) {
    this.config = config;
    this.speaker = speaker;
    this.rib = rib;
    this.events = events;
    this.limitEvents = limitEvents;
  }

  /**
   * When the peer's stale routes go at the latest, if it has any (see {@link
   * dev.tabby.bgp.rib.PeerCounters#restarting()}); may be in the past once they went.
   */
  Instant staleUntil() {
    return staleUntil;
  }

  @Override
  public void established(BgpSession session, NegotiatedSession negotiated, Transport transport) {
    InetAddress local = negotiated.localAddress();
    PeerInfo info =
        new PeerInfo(
            config.address(),
            negotiated.peerAs(),
            speaker.localAs(),
            negotiated.peerRouterId(),
            negotiated.families(),
            negotiated.fourOctetAs(),
            config.routeReflectorClient(),
            config.nextHopSelf(),
            config.enforceFirstAs(),
            local,
            // No link-local second next hop (RFC 2545 allows one): the global next hop is on the
            // shared subnet, and peers that cannot map a link-local one to an interface (FRR
            // without zebra) would treat the whole UPDATE as withdrawn.
            null,
            config.importPolicy(),
            config.exportPolicy(),
            config.prefixLimits(),
            negotiated.extendedMessages(),
            negotiated.pathIds().send(),
            config.addPathsSelect(),
            negotiated.extendedNextHop(),
            !config.longLivedStaleTime().isZero()
                && negotiated.peerLongLivedGracefulRestart() != null);
    this.negotiated = negotiated;
    if (staleUntil != null) {
      staleUntil = Instant.now().plus(config.maxRestartTime());
    }
    rib.peerUp(
        info,
        new TransportOutbound(session, transport, config.address(), limitEvents),
        negotiated.forwardingPreservedAnyRestart());
  }

  @Override
  public void update(BgpSession session, UpdateMessage update, Runnable processed) {
    rib.update(config.address(), update, processed);
  }

  @Override
  public void writable(BgpSession session) {
    rib.peerWritable(config.address());
  }

  @Override
  public void routeRefresh(BgpSession session, AddressFamily family) {
    rib.routeRefresh(config.address(), family);
  }

  /**
   * A peer that offered graceful restart and lost its connection keeps its routes, stale, for its
   * restart time capped by our maximum (RFC 4724 §4.2), and then, if it offered long-lived graceful
   * restart too, for its long-lived stale time capped by ours (RFC 9494); any other end withdraws
   * them.
   */
  @Override
  public void down(BgpSession session, boolean connectionLost) {
    NegotiatedSession ended = negotiated;
    negotiated = null;
    Duration restartTime =
        ended == null || ended.peerGracefulRestart() == null
            ? Duration.ZERO
            : Duration.ofSeconds(ended.peerGracefulRestart().restartTimeSeconds());
    if (restartTime.compareTo(config.maxRestartTime()) > 0) {
      restartTime = config.maxRestartTime();
    }
    Map<AddressFamily, Duration> longLived =
        ended == null ? Map.of() : ended.longLivedStaleTimes(config.longLivedStaleTime());
    if (connectionLost
        && (!restartTime.isZero() && !ended.restartableFamilies().isEmpty()
            || !longLived.isEmpty())) {
      staleUntil = Instant.now().plus(restartTime);
      rib.peerLost(
          config.address(),
          ended.restartableFamilies(),
          restartTime,
          config.maxRestartTime(),
          longLived);
    } else {
      staleUntil = null;
      rib.peerDown(config.address());
    }
  }

  @Override
  public void stateChanged(BgpSession session, SessionState from, SessionState to, String error) {
    events.publish(new SessionStateChange(config.address(), from, to, error));
  }

  /**
   * The RIB's side of the established connection: writes, whether it can take more, its end, and
   * the peer's prefix-limit crossings for the speaker's listeners.
   */
  private record TransportOutbound(
      BgpSession session, Transport transport, InetAddress peer, PrefixLimitEvents limitEvents)
      implements PeerOutbound {
    @Override
    public void send(ByteBuf encodedMessages) {
      transport.sendEncoded(encodedMessages);
    }

    @Override
    public void close(NotificationMessage notification, String reason) {
      session.closeConnection(transport, notification, reason);
    }

    @Override
    public void closeAndStayDown(
        NotificationMessage notification, String reason, Duration restartInterval) {
      session.closeAndStayDown(transport, notification, reason, restartInterval);
    }

    @Override
    public boolean writable() {
      return transport.writable();
    }

    @Override
    public void prefixLimitCrossed(
        AddressFamily family, boolean exceeded, long prefixes, PrefixLimit limit) {
      PrefixLimitEvent.Kind kind =
          !exceeded
              ? PrefixLimitEvent.Kind.WARNING
              : limit.action() == PrefixLimit.Action.WARN
                  ? PrefixLimitEvent.Kind.EXCEEDED
                  : PrefixLimitEvent.Kind.TEARDOWN;
      limitEvents.publish(new PrefixLimitEvent(peer, family, kind, prefixes, limit));
    }
  }
}
