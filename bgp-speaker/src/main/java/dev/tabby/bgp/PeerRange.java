package dev.tabby.bgp;

import dev.tabby.net.IpAddress;
import dev.tabby.net.IpPrefix;
import java.net.InetAddress;
import java.util.Objects;

/**
 * Dynamic neighbours: any address in {@code prefix} may open a session, announcing an AS in {@code
 * minAs..maxAs}, and is then a peer with {@code options} until its session ends. Such a peer is
 * passive (it is never connected to); a configured peer's exact address wins over a range.
 *
 * <p>A range has no TCP MD5 password: the listening socket must hold a key before the peer's SYN
 * arrives, and the transport installs keys per address only (Linux's per-prefix keys,
 * TCP_MD5SIG_EXT, are not reachable through Netty), so a signed range could only run unsigned.
 *
 * @param prefix the addresses peers may connect from
 * @param minAs the lowest AS a peer may announce, 1..4294967295
 * @param maxAs the highest, at least {@code minAs}; equal to it for a single AS
 * @param options the peers' options (hold time, route-reflector client, policies...); its address,
 *     AS, password, passive and port are not used
 */
public record PeerRange(IpPrefix prefix, long minAs, long maxAs, PeerConfig options) {

  public PeerRange {
    Objects.requireNonNull(prefix, "prefix");
    Objects.requireNonNull(options, "options");
    if (minAs < 1 || maxAs > 0xFFFF_FFFFL || minAs > maxAs) {
      throw new IllegalArgumentException(
          "peer range "
              + prefix
              + ": AS range must be within 1..4294967295, got "
              + asText(minAs, maxAs));
    }
    if (options.password() != null) {
      throw new IllegalArgumentException(
          "peer range "
              + prefix
              + ": a TCP MD5 password is not supported on a range (keys are installed per address);"
              + " configure the peers that need one one by one");
    }
  }

  /** A range of peers all in one AS. */
  public static PeerRange of(IpPrefix prefix, long as, PeerConfig options) {
    return new PeerRange(prefix, as, as, options);
  }

  public boolean contains(InetAddress address) {
    return prefix.contains(IpAddress.of(address));
  }

  /** The peer at {@code address}, which this range contains. */
  PeerConfig peerAt(InetAddress address) {
    return new PeerConfig(
        address,
        minAs,
        null,
        true,
        options.holdTime(),
        options.keepaliveTime(),
        options.connectRetryTime(),
        options.openTimeout(),
        options.nextHopSelf(),
        options.enforceFirstAs(),
        options.localAddress(),
        options.port(),
        options.routeReflectorClient(),
        options.importPolicy(),
        options.exportPolicy(),
        options.maxRestartTime(),
        options.prefixLimits(),
        options.extendedMessages(),
        options.addPaths(),
        options.addPathsSelect(),
        options.extendedNextHop(),
        options.longLivedStaleTime());
  }

  /** {@code 65000} or {@code 65000-65100}. */
  public String asText() {
    return asText(minAs, maxAs);
  }

  private static String asText(long minAs, long maxAs) {
    return minAs == maxAs ? Long.toString(minAs) : minAs + "-" + maxAs;
  }

  @Override
  public String toString() {
    return prefix + " AS" + asText();
  }
}
