package dev.tabby.bgp.rib;

import com.google.common.net.InetAddresses;
import dev.tabby.bgp.logging.LogRateLimiter;
import dev.tabby.bgp.wire.AsPath;
import dev.tabby.bgp.wire.PathAttributes;
import dev.tabby.net.IpPrefix;
import java.net.Inet4Address;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether a route received from a peer enters its Adj-RIB-In, and with which attributes:
 * loop detection (RFC 4271 §9.1.2, RFC 4456 §8), the external peer's AS first in the AS_PATH,
 * LOCAL_PREF normalisation, then the peer's import policy.
 */
final class ImportFilter {
  private static final Logger log = LoggerFactory.getLogger(ImportFilter.class);

  private final Inet4Address localRouterId;
  private final long localAs;
  private final Integer clusterId;
  private final LogRateLimiter warnings = new LogRateLimiter();

  /**
   * @param clusterId our cluster ID when this speaker is a route reflector; null otherwise
   */
  ImportFilter(Inet4Address localRouterId, long localAs, Inet4Address clusterId) {
    this.localRouterId = localRouterId;
    this.localAs = localAs;
    this.clusterId = clusterId == null ? null : InetAddresses.coerceToInteger(clusterId);
  }

  /**
   * The received attributes (shared by all prefixes of one UPDATE) after loop detection and
   * LOCAL_PREF normalisation, or null when the routes would loop and are not accepted.
   */
  PathAttributes screen(PeerInfo peer, PathAttributes received) {
    String loop = loopReason(peer, received);
    if (loop != null) {
      log.debug("not accepting routes from {}: {}", addressOf(peer), loop);
      return null;
    }
    String firstAs = firstAsReason(peer, received.asPath());
    if (firstAs != null) {
      long repeats = warnings.admit(addressOf(peer) + " first AS");
      if (repeats >= 0) {
        log.warn(
            "UPDATE from {}: treat-as-withdraw: {}{}",
            addressOf(peer),
            firstAs,
            LogRateLimiter.repeats(repeats));
      }
      return null;
    }
    return withLocalPref(peer, received);
  }

  /**
   * RFC 4271 §6.3 lets a speaker check that an external peer put its own AS first; RFC 7606 §7.2
   * makes a failed check treat-as-withdraw, as BIRD does (FRR resets the session instead). A route
   * server does not prepend its AS, hence the per-peer switch.
   */
  private static String firstAsReason(PeerInfo peer, AsPath path) {
    if (peer.ibgp() || !peer.enforceFirstAs()) {
      return null;
    }
    if (path.isEmpty()) {
      return "empty AS_PATH from an external peer (enforceFirstAs)";
    }
    AsPath.Segment first = path.segments().get(0);
    if (first.type() != AsPath.SegmentType.SEQUENCE
        || first.size() == 0
        || first.asn(0) != peer.peerAs()) {
      return "AS_PATH ["
          + path
          + "] does not start with the peer's AS "
          + peer.peerAs()
          + " (enforceFirstAs)";
    }
    return null;
  }

  /** The attributes to keep for one prefix after the peer's import policy, or null if rejected. */
  PathAttributes applyPolicy(PeerInfo peer, IpPrefix prefix, PathAttributes screened) {
    PathAttributes accepted = peer.importPolicy().apply(prefix, screened);
    if (accepted == null) {
      log.debug("import policy of {} rejects {}", addressOf(peer), prefix);
    }
    return accepted;
  }

  private String loopReason(PeerInfo peer, PathAttributes attributes) {
    // A session may use another local AS than the speaker's (a migration); either one means a loop.
    for (long ours : new long[] {localAs, peer.localAs()}) {
      if (attributes.asPath().contains(ours)) {
        return "AS_PATH [" + attributes.asPath() + "] contains our AS " + ours;
      }
    }
    if (localRouterId.equals(attributes.originatorId())) {
      return "ORIGINATOR_ID is our router ID";
    }
    if (clusterId != null && attributes.clusterList().contains(clusterId)) {
      return "CLUSTER_LIST contains our cluster ID";
    }
    return null;
  }

  /**
   * LOCAL_PREF from an eBGP peer means nothing here and is dropped (RFC 4271 §5.1.5); a path
   * without one gets the default, so the Loc-RIB shows the preference it was selected by.
   */
  private static PathAttributes withLocalPref(PeerInfo peer, PathAttributes attributes) {
    boolean keep =
        peer.ibgp()
            ? attributes.hasLocalPref()
            : attributes.hasLocalPref()
                && attributes.localPref() == DecisionStep.DEFAULT_LOCAL_PREF;
    if (keep) {
      return attributes;
    }
    return attributes.toBuilder().localPref(DecisionStep.DEFAULT_LOCAL_PREF).build();
  }

  private static String addressOf(PeerInfo peer) {
    return InetAddresses.toAddrString(peer.address());
  }
}
