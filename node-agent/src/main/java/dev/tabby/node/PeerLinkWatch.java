package dev.tabby.node;

import dev.tabby.bgp.BgpSpeaker;
import dev.tabby.bgp.PeerStatus;
import dev.tabby.bgp.session.SessionState;
import dev.tabby.bgp.wire.NotificationCodes;
import dev.tabby.dataplane.ConnectedInterfaces;
import dev.tabby.dataplane.Link;
import dev.tabby.net.IpAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drops at once the established BGP session of every directly connected peer (on a network of the
 * interface that holds the session's local address) when that interface goes down or loses its
 * carrier, as BIRD does for a direct neighbour: the peer is out of reach, and its routes would draw
 * traffic into a dead link until BFD or the hold timer noticed. The session ends with Cease / Hard
 * Reset, so that graceful restart keeps none of the routes (RFC 8538 §3), and connects again as
 * after any error once the peer answers.
 */
public final class PeerLinkWatch implements ConnectedInterfaces.Listener {
  private static final Logger log = LoggerFactory.getLogger(PeerLinkWatch.class);

  private final BgpSpeaker speaker;
  private final ConnectedInterfaces interfaces;

  /** Watches {@code interfaces} from now on. */
  public PeerLinkWatch(BgpSpeaker speaker, ConnectedInterfaces interfaces) {
    this.speaker = speaker;
    this.interfaces = interfaces;
    interfaces.addListener(this);
  }

  @Override
  public void wentDown(Link link) {
    for (PeerStatus peer : speaker.peers()) {
      if (peer.state() != SessionState.ESTABLISHED || peer.negotiated() == null) {
        continue;
      }
      IpAddress local = IpAddress.of(peer.negotiated().localAddress());
      IpAddress remote = IpAddress.of(peer.address());
      boolean overLink =
          interfaces.reaching(local, remote).filter(l -> l.index() == link.index()).isPresent();
      if (overLink) {
        String why = !link.up() ? "went down" : !link.lowerUp() ? "lost its carrier" : "went away";
        log.warn(
            "event=session-dropped peer={} reason=interface-down ifname={} link=\"{}\"",
            remote,
            link.name(),
            why);
        speaker.dropSession(
            peer.address(),
            NotificationCodes.HARD_RESET,
            "interface " + link.name() + " " + why + " (reason=interface-down)");
      }
    }
  }
}
