package dev.tabby.bgp.rib;

import dev.tabby.bgp.policy.RoutePolicy;
import dev.tabby.bgp.wire.AddressFamily;
import dev.tabby.bgp.wire.CodecContext;
import dev.tabby.bgp.wire.PathIdFamilies;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Set;

/**
 * Everything about a peer that decides what a route looks like when exported to it, and how it is
 * encoded. Peers with equal profiles form one export group: each UPDATE is computed and encoded
 * once for the group and the same bytes go to every member. The longest message a peer takes is
 * part of it, so a peer without extended messages never shares an UPDATE over 4,096 bytes.
 */
record ExportProfile(
    boolean ibgp,
    boolean routeReflectorClient,
    boolean nextHopSelf,
    long localAs,
    InetAddress localAddress,
    Inet6Address localLinkLocal,
    RoutePolicy exportPolicy,
    boolean fourOctetAs,
    Set<AddressFamily> families,
    boolean extendedMessages,
    boolean extendedNextHop,
    boolean longLivedGracefulRestart) {

  static ExportProfile of(PeerInfo peer) {
    return new ExportProfile(
        peer.ibgp(),
        peer.routeReflectorClient(),
        peer.nextHopSelf(),
        peer.localAs(),
        peer.localAddress(),
        peer.localLinkLocal(),
        peer.exportPolicy(),
        peer.fourOctetAs(),
        peer.families(),
        peer.extendedMessages(),
        peer.extendedNextHop(),
        peer.longLivedGracefulRestart());
  }

  CodecContext codecContext() {
    return new CodecContext(
        fourOctetAs, families, false, extendedMessages, PathIdFamilies.NONE, extendedNextHop);
  }
}
