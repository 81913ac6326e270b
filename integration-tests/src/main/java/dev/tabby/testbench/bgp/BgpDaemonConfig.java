package dev.tabby.testbench.bgp;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a BGP router in the lab should be, independent of which daemon plays it: identity,
 * neighbours, the prefixes it originates, and whether it passes on what it learns. {@link Bird},
 * {@link Frr}, {@link GoBgp} and {@link ExaBgp} each render it into their own configuration.
 *
 * <pre>{@code
 * BgpDaemonConfig config = BgpDaemonConfig.builder("1.1.1.1", 65001)
 *     .neighbor(Neighbor.of("10.0.0.2", 65002))
 *     .originate("10.1.0.0/24", "fd00:1::/48")
 *     .build();
 * }</pre>
 *
 * @param routerId the BGP identifier, an IPv4 address
 * @param localAs this router's AS number
 * @param listenAddress the address to accept sessions on, or null for every address
 * @param port the TCP port to accept sessions on
 * @param neighbors the peers
 * @param originated IPv4 and IPv6 prefixes this router announces from the start
 * @param acceptAndExportAll true: accept every route and pass every best route on (a transit
 *     router); false: accept nothing and announce only its own prefixes
 * @param gracefulRestart whether to take part in graceful restart (RFC 4724). Off by default, so
 *     that a session going down takes its routes with it at once; daemons that keep stale routes
 *     for minutes after a failure would make every failure test wait for that.
 * @param addPaths what this router offers every neighbour of ADD-PATH (RFC 7911): several paths per
 *     prefix, each with a path identifier
 * @param longLivedStaleTimeSeconds long-lived graceful restart (RFC 9494) with this stale time, on
 *     top of graceful restart; 0: none
 * @param extendedNextHop every IPv6 neighbour carries IPv4 unicast too, with IPv6 next hops (RFC
 *     8950); rendered by {@link Frr} only
 */
public record BgpDaemonConfig(
    String routerId,
    long localAs,
    String listenAddress,
    int port,
    List<Neighbor> neighbors,
    List<String> originated,
    boolean acceptAndExportAll,
    boolean gracefulRestart,
    AddPaths addPaths,
    int longLivedStaleTimeSeconds,
    boolean extendedNextHop) {

  /** The ADD-PATH directions a router offers (RFC 7911 §4). */
  public enum AddPaths {
    NONE,
    RECEIVE,
    SEND,
    BOTH;

    public boolean sends() {
      return this == SEND || this == BOTH;
    }
  }

  public BgpDaemonConfig {
    Objects.requireNonNull(routerId, "routerId");
    if (!routerId.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
      throw new IllegalArgumentException("router ID must be an IPv4 address, got " + routerId);
    }
    if (localAs < 1 || localAs > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("AS number " + localAs + " is out of range");
    }
    neighbors = List.copyOf(neighbors);
    originated = List.copyOf(originated);
  }

  public static Builder builder(String routerId, long localAs) {
    return new Builder(routerId, localAs);
  }

  /** The neighbour with this address. */
  public Neighbor neighbor(String address) {
    return neighbors.stream()
        .filter(n -> n.address().equals(address))
        .findFirst()
        .orElseThrow(
            () -> new IllegalArgumentException("no neighbour " + address + " in " + neighbors));
  }

  /**
   * Builds a {@link BgpDaemonConfig}; defaults: every address, port 179, transit, no graceful
   * restart.
   */
  public static final class Builder {
    private final String routerId;
    private final long localAs;
    private String listenAddress;
    private int port = Neighbor.BGP_PORT;
    private final List<Neighbor> neighbors = new ArrayList<>();
    private final List<String> originated = new ArrayList<>();
    private boolean acceptAndExportAll = true;
    private boolean gracefulRestart;
    private AddPaths addPaths = AddPaths.NONE;
    private int longLivedStaleTimeSeconds;
    private boolean extendedNextHop;

    private Builder(String routerId, long localAs) {
      this.routerId = routerId;
      this.localAs = localAs;
    }

    public Builder listen(String address, int listenPort) {
      this.listenAddress = address;
      this.port = listenPort;
      return this;
    }

    public Builder neighbor(Neighbor neighbor) {
      neighbors.add(neighbor);
      return this;
    }

    public Builder originate(String... prefixes) {
      originated.addAll(List.of(prefixes));
      return this;
    }

    /** Accept nothing from peers and announce only this router's own prefixes. */
    public Builder originateOnly() {
      acceptAndExportAll = false;
      return this;
    }

    /** Take part in graceful restart: keep a failed peer's routes while it restarts. */
    public Builder gracefulRestart() {
      gracefulRestart = true;
      return this;
    }

    /** Offer ADD-PATH in these directions to every neighbour (none by default). */
    public Builder addPaths(AddPaths directions) {
      addPaths = directions;
      return this;
    }

    /** Take part in long-lived graceful restart too, offering this stale time. */
    public Builder longLivedGracefulRestart(int staleTimeSeconds) {
      gracefulRestart = true;
      longLivedStaleTimeSeconds = staleTimeSeconds;
      return this;
    }

    /**
     * Carry IPv4 unicast with IPv6 next hops on every IPv6 neighbour (RFC 8950); {@link Frr} only.
     */
    public Builder extendedNextHop() {
      extendedNextHop = true;
      return this;
    }

    public BgpDaemonConfig build() {
      return new BgpDaemonConfig(
          routerId,
          localAs,
          listenAddress,
          port,
          neighbors,
          originated,
          acceptAndExportAll,
          gracefulRestart,
          addPaths,
          longLivedStaleTimeSeconds,
          extendedNextHop);
    }
  }
}
