package dev.tabby.node;

import dev.tabby.bgp.BgpSpeaker;
import dev.tabby.bgp.PeerConfig;
import dev.tabby.bgp.PeerStatus;
import dev.tabby.bgp.SpeakerConfig;
import dev.tabby.bgp.rib.Route;
import dev.tabby.bgp.session.SessionState;
import dev.tabby.dataplane.NetworkNamespace;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * An embedded speaker in a test namespace with one passive peer: its listening socket is made in
 * the namespace and the peer connects, so no other socket is. With what the tests ask of it.
 */
final class PassiveSpeaker {
  private PassiveSpeaker() {}

  static BgpSpeaker start(
      NetworkNamespace namespace, String local, long localAs, String peer, long peerAs)
      throws Exception {
    BgpSpeaker speaker =
        namespace.call(
            () ->
                BgpSpeaker.start(
                    new SpeakerConfig(
                        (Inet4Address) InetAddress.getByName(local),
                        localAs,
                        new InetSocketAddress(InetAddress.getByName(local), 179),
                        null)));
    speaker.addPeer(PeerConfig.builder(InetAddress.getByName(peer), peerAs).passive(true).build());
    return speaker;
  }

  static PeerStatus peer(BgpSpeaker speaker) {
    return speaker.peers().get(0);
  }

  static boolean established(BgpSpeaker speaker) {
    return peer(speaker).state() == SessionState.ESTABLISHED;
  }

  static boolean hasRoute(BgpSpeaker speaker, String prefix) {
    return speaker.routes().join().stream()
        .map(Route::prefix)
        .anyMatch(p -> p.toString().equals(prefix));
  }
}
