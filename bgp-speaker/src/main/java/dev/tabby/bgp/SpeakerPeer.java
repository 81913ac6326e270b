package dev.tabby.bgp;

import dev.tabby.bgp.rib.PeerInfo;
import dev.tabby.bgp.rib.Rib;
import dev.tabby.bgp.session.BgpSession;
import dev.tabby.bgp.session.NegotiatedSession;
import dev.tabby.bgp.session.SessionListener;
import dev.tabby.bgp.session.Transport;
import dev.tabby.bgp.wire.AddressFamily;
import dev.tabby.bgp.wire.UpdateMessage;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Collections;

/** Connects one peer's session to the RIB: the RIB ⇄ session contract, implemented. */
final class SpeakerPeer implements SessionListener {

  private final PeerConfig config;
  private final SpeakerConfig speaker;
  private final Rib rib;

  SpeakerPeer(PeerConfig config, SpeakerConfig speaker, Rib rib) {
    this.config = config;
    this.speaker = speaker;
    this.rib = rib;
  }

  @Override
  public void established(BgpSession session, NegotiatedSession negotiated, Transport transport) {
    InetAddress local = negotiated.localAddress();
    PeerInfo info =
        new PeerInfo(
            config.address(),
            config.remoteAs(),
            speaker.localAs(),
            negotiated.peerRouterId(),
            negotiated.families(),
            negotiated.fourOctetAs(),
            config.routeReflectorClient(),
            config.nextHopSelf(),
            local,
            linkLocalBeside(local),
            config.importPolicy(),
            config.exportPolicy());
    rib.peerUp(info, transport::sendEncoded);
  }

  @Override
  public void update(BgpSession session, UpdateMessage update) {
    rib.update(config.address(), update);
  }

  @Override
  public void routeRefresh(BgpSession session, AddressFamily family) {
    rib.routeRefresh(config.address(), family);
  }

  @Override
  public void down(BgpSession session) {
    rib.peerDown(config.address());
  }

  /**
   * Our IPv6 link-local address on the interface the session runs over: the second next hop RFC
   * 2545 asks for when announcing IPv6 routes to a peer on the same link. Null when the interface
   * has none.
   */
  private static Inet6Address linkLocalBeside(InetAddress local) {
    try {
      NetworkInterface nic = NetworkInterface.getByInetAddress(local);
      if (nic == null) {
        return null;
      }
      for (InetAddress address : Collections.list(nic.getInetAddresses())) {
        if (address instanceof Inet6Address v6 && v6.isLinkLocalAddress()) {
          return (Inet6Address) Inet6Address.getByAddress(null, v6.getAddress());
        }
      }
    } catch (SocketException | UnknownHostException e) {
      return null;
    }
    return null;
  }
}
