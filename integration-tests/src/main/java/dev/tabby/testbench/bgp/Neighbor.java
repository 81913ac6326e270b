package dev.tabby.testbench.bgp;

import java.util.Objects;

/**
 * One BGP neighbour in a {@link BgpDaemonConfig}, described once and rendered into each daemon's
 * own configuration language. The session's address family follows the neighbour's address: an IPv4
 * neighbour carries IPv4 unicast, an IPv6 neighbour IPv6 unicast.
 *
 * <pre>{@code
 * Neighbor.of("10.0.0.2", 65002).withPassword("s3cret").withHoldTime(9)
 * }</pre>
 *
 * @param address the peer's address
 * @param remoteAs the peer's AS number
 * @param port the peer's TCP port (179 unless the peer listens elsewhere)
 * @param password TCP-MD5 password, or null for none
 * @param passive wait for the peer to connect instead of connecting
 * @param holdTimeSeconds proposed hold time, or 0 for the daemon's default
 * @param localAddress the source address for the session, or null to let the kernel pick
 * @param multihopTtl TTL for a peer that is not directly connected, or 0 for a directly connected
 *     peer
 */
public record Neighbor(
    String address,
    long remoteAs,
    int port,
    String password,
    boolean passive,
    int holdTimeSeconds,
    String localAddress,
    int multihopTtl) {

  public static final int BGP_PORT = 179;

  public Neighbor {
    Objects.requireNonNull(address, "address");
    if (remoteAs < 1 || remoteAs > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("AS number " + remoteAs + " is out of range");
    }
    if (holdTimeSeconds != 0 && holdTimeSeconds < 3) {
      throw new IllegalArgumentException("hold time must be 0 (default) or at least 3 seconds");
    }
  }

  /** A directly connected neighbour on port 179 with every daemon default. */
  public static Neighbor of(String address, long remoteAs) {
    return new Neighbor(address, remoteAs, BGP_PORT, null, false, 0, null, 0);
  }

  public Neighbor withPort(int newPort) {
    return new Neighbor(
        address, remoteAs, newPort, password, passive, holdTimeSeconds, localAddress, multihopTtl);
  }

  public Neighbor withPassword(String newPassword) {
    return new Neighbor(
        address, remoteAs, port, newPassword, passive, holdTimeSeconds, localAddress, multihopTtl);
  }

  public Neighbor asPassive() {
    return new Neighbor(
        address, remoteAs, port, password, true, holdTimeSeconds, localAddress, multihopTtl);
  }

  public Neighbor withHoldTime(int seconds) {
    return new Neighbor(
        address, remoteAs, port, password, passive, seconds, localAddress, multihopTtl);
  }

  public Neighbor withLocalAddress(String newLocalAddress) {
    return new Neighbor(
        address, remoteAs, port, password, passive, holdTimeSeconds, newLocalAddress, multihopTtl);
  }

  public Neighbor withMultihop(int ttl) {
    return new Neighbor(
        address, remoteAs, port, password, passive, holdTimeSeconds, localAddress, ttl);
  }

  public boolean isIpv6() {
    return address.contains(":");
  }
}
