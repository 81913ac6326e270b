package dev.tabby.bgp.rib;

import dev.tabby.bgp.policy.RoutePolicy;
import dev.tabby.bgp.wire.AddressFamily;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What the RIB needs to know about an Established peer. Built by the session once both OPENs are
 * exchanged.
 *
 * @param address the peer's address (identifies the peer in every RIB call)
 * @param peerAs the peer's AS number
 * @param localAs our AS number on this session
 * @param peerRouterId the peer's BGP identifier
 * @param families the negotiated families: the intersection of both OPENs' capabilities
 * @param fourOctetAs both sides sent the 4-octet AS capability
 * @param routeReflectorClient the peer is our route-reflector client (only used with a cluster ID)
 * @param nextHopSelf routes to this iBGP peer carry our address as next hop
 * @param enforceFirstAs routes from this eBGP peer must have its AS first in their AS_PATH
 * @param localAddress our address on this session: the next hop we advertise
 * @param localLinkLocal our IPv6 link-local address on the shared link; nullable
 * @param importPolicy applied to every route received from the peer
 * @param exportPolicy applied to every route advertised to the peer
 * @param prefixLimits per family, how many prefixes the peer may have accepted; a family without
 *     one has no limit
 * @param extendedMessages both sides negotiated extended messages (RFC 8654): UPDATEs to the peer
 *     may be up to 65,535 bytes long
 * @param pathIdsSent the families whose routes go to the peer with ADD-PATH path identifiers (RFC
 *     7911), several per prefix; the others get the best path alone
 * @param addPathSelection which paths to a prefix go where path identifiers are sent
 * @param extendedNextHop both sides negotiated IPv4 unicast over IPv6 next hops (RFC 8950): IPv4
 *     routes go to this peer with an IPv6 next hop when ours on the session is IPv6
 * @param longLivedGracefulRestart both OPENs had the long-lived graceful restart capability (RFC
 *     9494): the peer may be sent long-lived stale routes (tagged LLGR_STALE)
 */
public record PeerInfo(
    InetAddress address,
    long peerAs,
    long localAs,
    Inet4Address peerRouterId,
    Set<AddressFamily> families,
    boolean fourOctetAs,
    boolean routeReflectorClient,
    boolean nextHopSelf,
    boolean enforceFirstAs,
    InetAddress localAddress,
    Inet6Address localLinkLocal,
    RoutePolicy importPolicy,
    RoutePolicy exportPolicy,
    Map<AddressFamily, PrefixLimit> prefixLimits,
    boolean extendedMessages,
    Set<AddressFamily> pathIdsSent,
    AddPathSelection addPathSelection,
    boolean extendedNextHop,
    boolean longLivedGracefulRestart) {

  public PeerInfo {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(peerRouterId, "peerRouterId");
    families = Set.copyOf(families);
    Objects.requireNonNull(localAddress, "localAddress");
    Objects.requireNonNull(importPolicy, "importPolicy");
    Objects.requireNonNull(exportPolicy, "exportPolicy");
    prefixLimits = Map.copyOf(prefixLimits);
    pathIdsSent = Set.copyOf(pathIdsSent);
    Objects.requireNonNull(addPathSelection, "addPathSelection");
  }

  /**
   * Whether the family's routes go to the peer as one best path per prefix: it is negotiated, and
   * not with ADD-PATH send.
   */
  public boolean takesBestPath(AddressFamily family) {
    return families.contains(family) && !pathIdsSent.contains(family);
  }

  /** Internal BGP: the peer is in our AS. */
  public boolean ibgp() {
    return peerAs == localAs;
  }
}
