package dev.tabby.bgp;

import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * How a {@link BgpSpeaker} starts.
 *
 * @param routerId the BGP identifier
 * @param localAs this speaker's AS, 1..4294967295
 * @param listen where to accept peers' connections; null to accept none (every peer is then
 *     connected to actively)
 * @param clusterId the route-reflector cluster ID; null unless this speaker reflects routes
 * @param gracefulRestart the graceful restart capability offered to every peer
 */
public record SpeakerConfig(
    Inet4Address routerId,
    long localAs,
    InetSocketAddress listen,
    Inet4Address clusterId,
    GracefulRestartConfig gracefulRestart) {

  /** A speaker that helps peers restart gracefully and asks for no help itself. */
  public SpeakerConfig(
      Inet4Address routerId, long localAs, InetSocketAddress listen, Inet4Address clusterId) {
    this(routerId, localAs, listen, clusterId, GracefulRestartConfig.AWARE);
  }

  public SpeakerConfig {
    Objects.requireNonNull(routerId, "routerId");
    Objects.requireNonNull(gracefulRestart, "gracefulRestart");
    if (localAs < 1 || localAs > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("local AS must be 1..4294967295, got " + localAs);
    }
  }
}
