package dev.tabby.bgp.session;

import dev.tabby.bgp.wire.AddressFamily;
import dev.tabby.bgp.wire.GracefulRestart;
import dev.tabby.bgp.wire.LongLivedGracefulRestart;
import dev.tabby.bgp.wire.PathIdFamilies;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What both OPENs agreed on.
 *
 * @param peerRouterId the peer's BGP identifier
 * @param holdTime the smaller of both hold times; zero means no keepalives and no hold timer
 * @param families address families both sides announced
 * @param fourOctetAs both sides announced 4-octet AS support
 * @param routeRefresh the peer accepts ROUTE-REFRESH
 * @param localAddress the local end of the connection
 * @param peerAs the AS the peer announced (the configured one, or one of a range's)
 * @param peerGracefulRestart the peer's graceful restart capability (RFC 4724); null when it sent
 *     none
 * @param extendedMessages both OPENs carried the extended message capability (RFC 8654): messages
 *     but OPEN and KEEPALIVE may be up to 65,535 bytes long both ways
 * @param pathIds the families whose NLRI carry ADD-PATH path identifiers (RFC 7911), per direction
 * @param extendedNextHop both sides offered IPv4 unicast over IPv6 next hops (RFC 8950)
 * @param peerLongLivedGracefulRestart the peer's long-lived graceful restart capability (RFC 9494);
 *     null when it sent none
 */
public record NegotiatedSession(
    Inet4Address peerRouterId,
    Duration holdTime,
    Set<AddressFamily> families,
    boolean fourOctetAs,
    boolean routeRefresh,
    InetAddress localAddress,
    long peerAs,
    GracefulRestart peerGracefulRestart,
    boolean extendedMessages,
    PathIdFamilies pathIds,
    boolean extendedNextHop,
    LongLivedGracefulRestart peerLongLivedGracefulRestart) {

  public NegotiatedSession {
    families = Set.copyOf(families);
    Objects.requireNonNull(pathIds, "pathIds");
  }

  /**
   * The negotiated families the peer says it kept forwarding state for across a restart (the F bit
   * of RFC 4724 §3): the routes we hold of them as stale may stay until its End-of-RIB.
   */
  public Set<AddressFamily> forwardingPreserved() {
    if (peerGracefulRestart == null) {
      return Set.of();
    }
    Set<AddressFamily> kept = EnumSet.noneOf(AddressFamily.class);
    peerGracefulRestart
        .forwardingPreserved()
        .forEach(
            (family, preserved) -> {
              if (preserved && families.contains(family)) {
                kept.add(family);
              }
            });
    return kept;
  }

  /**
   * The negotiated families the peer can restart gracefully in (RFC 4724 §4.2): the ones whose
   * routes we keep, as stale, when its connection is lost.
   */
  public Set<AddressFamily> restartableFamilies() {
    if (peerGracefulRestart == null) {
      return Set.of();
    }
    Set<AddressFamily> restartable = EnumSet.noneOf(AddressFamily.class);
    restartable.addAll(peerGracefulRestart.forwardingPreserved().keySet());
    restartable.retainAll(families);
    return restartable;
  }

  /**
   * Per negotiated family, how long we keep the peer's routes as long-lived stale (RFC 9494) after
   * its restart time: its long-lived stale time capped by {@code max}. Empty when it sent no such
   * capability, or no graceful restart one (RFC 9494 §3 asks for both), or {@code max} is zero.
   */
  public Map<AddressFamily, Duration> longLivedStaleTimes(Duration max) {
    if (peerGracefulRestart == null || peerLongLivedGracefulRestart == null || max.isZero()) {
      return Map.of();
    }
    Map<AddressFamily, Duration> times = new EnumMap<>(AddressFamily.class);
    peerLongLivedGracefulRestart
        .families()
        .forEach(
            (family, entry) -> {
              Duration offered = Duration.ofSeconds(entry.staleTimeSeconds());
              if (families.contains(family) && !offered.isZero()) {
                times.put(family, offered.compareTo(max) < 0 ? offered : max);
              }
            });
    return times;
  }

  /**
   * The negotiated families the peer says it kept forwarding state for in either graceful restart
   * capability (the F bits of RFC 4724 and RFC 9494).
   */
  public Set<AddressFamily> forwardingPreservedAnyRestart() {
    Set<AddressFamily> kept = EnumSet.noneOf(AddressFamily.class);
    kept.addAll(forwardingPreserved());
    if (peerLongLivedGracefulRestart != null) {
      peerLongLivedGracefulRestart
          .families()
          .forEach(
              (family, entry) -> {
                if (entry.forwardingPreserved() && families.contains(family)) {
                  kept.add(family);
                }
              });
    }
    return kept;
  }

  /**
   * Interval between our KEEPALIVEs: the configured one, but never more than a third of the
   * negotiated hold time (RFC 4271 §4.4), which is shorter than ours when the peer proposed less.
   */
  public Duration keepaliveInterval(Duration configured) {
    Duration third = holdTime.dividedBy(3);
    return configured.compareTo(third) < 0 ? configured : third;
  }
}
