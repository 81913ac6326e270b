package dev.tabby.bgp.session;

import dev.tabby.bgp.wire.AddressFamily;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Duration;
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
 */
public record NegotiatedSession(
    Inet4Address peerRouterId,
    Duration holdTime,
    Set<AddressFamily> families,
    boolean fourOctetAs,
    boolean routeRefresh,
    InetAddress localAddress,
    long peerAs) {

  public NegotiatedSession {
    families = Set.copyOf(families);
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
