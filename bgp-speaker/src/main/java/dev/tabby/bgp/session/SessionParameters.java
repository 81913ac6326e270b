package dev.tabby.bgp.session;

import dev.tabby.bgp.wire.AddPath;
import dev.tabby.bgp.wire.AddressFamily;
import dev.tabby.bgp.wire.GracefulRestart;
import dev.tabby.bgp.wire.LongLivedGracefulRestart;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * What one session needs to know to open and check a BGP connection.
 *
 * @param peerAddress the peer's address; also the session's key
 * @param peerAs the AS the peer must announce in its OPEN, or the lowest one it may announce
 * @param localAs this speaker's AS
 * @param routerId this speaker's BGP identifier
 * @param holdTime the hold time offered in our OPEN; zero disables keepalives and the hold timer
 * @param connectRetryTime the base of the jittered wait between connection attempts
 * @param openTimeout how long a new connection may take to send its OPEN before it is closed
 * @param passive never connect, only accept the peer's connection
 * @param families the address families offered in our OPEN
 * @param maxPeerAs the highest AS the peer may announce: {@code peerAs} but for a peer of a range
 *     of ASes (dynamic neighbours)
 * @param gracefulRestart the graceful restart capability offered in our OPEN (RFC 4724); null for
 *     none
 * @param extendedMessages whether our OPEN offers the extended message capability (RFC 8654)
 * @param addPath the ADD-PATH capability offered in our OPEN (RFC 7911); {@link AddPath#NONE} for
 *     none
 * @param extendedNextHop offer the extended next hop capability for IPv4 unicast over IPv6 (RFC
 *     8950) in our OPEN
 * @param longLivedGracefulRestart the long-lived graceful restart capability offered in our OPEN
 *     (RFC 9494); null for none
 */
public record SessionParameters(
    InetAddress peerAddress,
    long peerAs,
    long localAs,
    Inet4Address routerId,
    Duration holdTime,
    Duration connectRetryTime,
    Duration openTimeout,
    boolean passive,
    Set<AddressFamily> families,
    long maxPeerAs,
    GracefulRestart gracefulRestart,
    boolean extendedMessages,
    AddPath addPath,
    boolean extendedNextHop,
    LongLivedGracefulRestart longLivedGracefulRestart) {

  public SessionParameters {
    Objects.requireNonNull(peerAddress, "peerAddress");
    Objects.requireNonNull(routerId, "routerId");
    Objects.requireNonNull(holdTime, "holdTime");
    Objects.requireNonNull(connectRetryTime, "connectRetryTime");
    if (openTimeout.isNegative() || openTimeout.isZero()) {
      throw new IllegalArgumentException("open timeout must be positive, got " + openTimeout);
    }
    families = Set.copyOf(families);
    Objects.requireNonNull(addPath, "addPath");
    if (maxPeerAs < peerAs) {
      throw new IllegalArgumentException(
          "highest peer AS " + maxPeerAs + " is below the lowest " + peerAs);
    }
    long holdSeconds = holdTime.toSeconds();
    if (holdSeconds == 1 || holdSeconds == 2 || holdSeconds > 65535 || holdSeconds < 0) {
      throw new IllegalArgumentException(
          "hold time must be 0 or 3..65535 seconds, got " + holdSeconds);
    }
  }

  /** True for an internal (same-AS) peer. */
  public boolean ibgp() {
    return peerAs == localAs;
  }

  /** Whether the peer may announce {@code as} in its OPEN. */
  boolean acceptsPeerAs(long as) {
    return as >= peerAs && as <= maxPeerAs;
  }

  /** The AS the peer must announce, or their range: {@code 65000} or {@code 65000-65100}. */
  String peerAsText() {
    return peerAs == maxPeerAs ? Long.toString(peerAs) : peerAs + "-" + maxPeerAs;
  }
}
