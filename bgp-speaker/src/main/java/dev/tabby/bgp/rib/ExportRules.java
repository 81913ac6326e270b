package dev.tabby.bgp.rib;

import com.google.common.net.InetAddresses;
import com.google.common.primitives.ImmutableIntArray;
import dev.tabby.bgp.wire.AddressFamily;
import dev.tabby.bgp.wire.Communities;
import dev.tabby.bgp.wire.PathAttributes;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * What a best path looks like when advertised to an export group, or that it is not advertised:
 * iBGP split horizon and route reflection (RFC 4456), the eBGP rewrites (RFC 4271 §5.1), the
 * well-known communities (RFC 1997) and finally the group's export policy.
 *
 * <p>Per-peer exclusions (never back to the peer the path came from, only negotiated families) are
 * not here: they do not depend on the group and are applied by the caller.
 */
final class ExportRules {
  private final Integer clusterId;

  /**
   * @param clusterId our cluster ID when this speaker is a route reflector; null otherwise
   */
  ExportRules(Inet4Address clusterId) {
    this.clusterId = clusterId == null ? null : InetAddresses.coerceToInteger(clusterId);
  }

  /** The attributes to advertise, or null when the route must not go to this group. */
  PathAttributes export(Route route, ExportProfile to) {
    PathAttributes rewritten =
        rewrite(new Path(route.attributes(), route.source()), route.family(), to);
    return rewritten == null ? null : to.exportPolicy().apply(route.prefix(), rewritten);
  }

  /**
   * The attributes after the protocol's rules but before the export policy; they do not depend on
   * the prefix, so a caller may reuse them for every prefix sharing the path's attributes and
   * source. Null when the path must not go to this group.
   *
   * @param family the family of the prefixes it is a path to: it decides the next hop's form
   */
  PathAttributes rewrite(Path path, AddressFamily family, ExportProfile to) {
    PathAttributes attributes = path.attributes();
    ImmutableIntArray communities = attributes.communities();
    if (communities.contains(Communities.NO_ADVERTISE)) {
      return null;
    }
    if (!to.longLivedGracefulRestart() && communities.contains(Communities.LLGR_STALE)) {
      // RFC 9494 §4.5: a peer that does not know long-lived stale routes would prefer them.
      return null;
    }
    if (!to.ibgp()
        && (communities.contains(Communities.NO_EXPORT)
            || communities.contains(Communities.NO_EXPORT_SUBCONFED))) {
      return null;
    }
    return to.ibgp() ? toInternal(path, family, to) : toExternal(path, family, to);
  }

  /** Rewrites a path sent to an iBGP peer, or null when split horizon forbids it. */
  private PathAttributes toInternal(Path path, AddressFamily family, ExportProfile to) {
    PeerInfo source = path.source();
    PathAttributes.Builder out = path.attributes().toBuilder();
    if (source != null && source.ibgp()) {
      // iBGP split horizon (RFC 4271 §9.2): an iBGP-learned path goes to no other iBGP peer,
      // unless we reflect it (RFC 4456 §6): from a client to everyone, from a non-client to
      // clients only.
      if (clusterId == null || (!source.routeReflectorClient() && !to.routeReflectorClient())) {
        return null;
      }
      if (path.attributes().originatorId() == null) {
        out.originatorId(source.peerRouterId());
      }
      out.clusterList(
          ImmutableIntArray.builder()
              .add(clusterId)
              .addAll(path.attributes().clusterList())
              .build());
    }
    if (!path.attributes().hasLocalPref()) {
      out.localPref(DecisionStep.DEFAULT_LOCAL_PREF);
    }
    if (to.nextHopSelf() || path.attributes().nextHop() == null) {
      if (!setNextHopSelf(out, family, to)) {
        return null;
      }
    } else if (family == AddressFamily.IPV4_UNICAST
        && path.attributes().nextHop() instanceof Inet6Address
        && !to.extendedNextHop()) {
      // The peer cannot take an IPv6 next hop for an IPv4 route (RFC 8950 §3), and ours would
      // draw its traffic through us: not exported, as BIRD and FRR do.
      return null;
    } else {
      // A link-local next hop only means something on the link it was learned over (RFC 2545).
      out.linkLocalNextHop(null);
    }
    return out.build();
  }

  /** Rewrites a path sent to an eBGP peer (RFC 4271 §5.1.2-5.1.5, RFC 4456 §8). */
  private static PathAttributes toExternal(Path path, AddressFamily family, ExportProfile to) {
    PathAttributes.Builder out =
        path.attributes().toBuilder()
            .asPath(path.attributes().asPath().prepend(to.localAs(), 1))
            .clearLocalPref()
            .originatorId(null)
            .clusterList(ImmutableIntArray.of());
    if (!path.locallyOriginated()) {
      // A MED is meant for the neighbouring AS only: one learned from elsewhere stops here.
      out.clearMed();
    }
    return setNextHopSelf(out, family, to) ? out.build() : null;
  }

  /**
   * Sets our session address as next hop (and for IPv6 our link-local address when known). An IPv6
   * route over an IPv4 session gets the IPv4-mapped address; an IPv4 route over an IPv6 session
   * gets the IPv6 address when the peer negotiated extended next hops (RFC 8950), else it has no
   * usable next hop and is not exported (false).
   */
  private static boolean setNextHopSelf(
      PathAttributes.Builder out, AddressFamily family, ExportProfile to) {
    InetAddress local = to.localAddress();
    if (family == AddressFamily.IPV4_UNICAST) {
      if (local instanceof Inet4Address) {
        out.nextHop(local).linkLocalNextHop(null);
        return true;
      }
      if (!to.extendedNextHop()) {
        return false;
      }
      out.nextHop(local).linkLocalNextHop(to.localLinkLocal());
      return true;
    }
    out.nextHop(local instanceof Inet6Address ? local : ipv4Mapped((Inet4Address) local))
        .linkLocalNextHop(to.localLinkLocal());
    return true;
  }

  private static InetAddress ipv4Mapped(Inet4Address address) {
    byte[] mapped = new byte[16];
    mapped[10] = (byte) 0xFF;
    mapped[11] = (byte) 0xFF;
    System.arraycopy(address.getAddress(), 0, mapped, 12, 4);
    try {
      return Inet6Address.getByAddress(null, mapped, -1);
    } catch (java.net.UnknownHostException e) {
      throw new AssertionError("16 bytes are always an IPv6 address", e);
    }
  }
}
