package dev.tabby.rr;

import dev.tabby.node.BgpAddress;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How tabby-rr runs.
 *
 * @param nodeName the reflector's Node: its labels are matched by BGPPeer selectors, its
 *     annotations give its BGP address and cluster ID
 * @param clusterId the route-reflector cluster ID; written to the Node when given, else read from
 *     it
 * @param address the reflector's IPv4 BGP address; written to the Node when given, else read from
 *     it
 * @param routerId the BGP identifier; by default the IPv4 BGP address
 * @param bgpPort the port sessions are accepted on; by default the BGPConfiguration's listen port
 * @param http where {@code /livez}, {@code /readyz} and {@code /metrics} are served
 * @param state where the speaker's JSON state ({@code /peers}, {@code /routes}) is served, as
 *     tabby-bgp does; empty for none
 * @param secretNamespace where BGPPeer password Secrets are read
 * @param gracefulRestartTime how long the clients keep the reflector's routes while it restarts
 *     (graceful restart, RFC 4724), and how long a restarted reflector waits for its peers' tables
 *     before it sends its own; zero: the capability is offered with no family, so the clients drop
 *     its routes at once
 * @param gracefulRestartPeerWait how long a planned peer that is not up holds back a started
 *     reflector's tables (a peer that is up is waited for until its End-of-RIB, or the restart
 *     time)
 */
public record ReflectorConfig(
    String nodeName,
    Optional<Inet4Address> clusterId,
    Optional<BgpAddress> address,
    Optional<Inet4Address> routerId,
    Optional<Integer> bgpPort,
    InetSocketAddress http,
    Optional<InetSocketAddress> state,
    String secretNamespace,
    Duration gracefulRestartTime,
    Duration gracefulRestartPeerWait) {

  public ReflectorConfig {
    Objects.requireNonNull(nodeName, "nodeName");
    Objects.requireNonNull(clusterId, "clusterId");
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(routerId, "routerId");
    Objects.requireNonNull(bgpPort, "bgpPort");
    Objects.requireNonNull(http, "http");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(gracefulRestartTime, "gracefulRestartTime");
    Objects.requireNonNull(gracefulRestartPeerWait, "gracefulRestartPeerWait");
    if (address.isPresent() && address.get().isIpv6()) {
      throw new IllegalArgumentException("the reflector's BGP address must be IPv4");
    }
  }
}
