package dev.tabby.bgp.rib;

/**
 * Route counts for one peer.
 *
 * @param received prefixes announced by the peer since the session came up (cumulative)
 * @param accepted paths now held from the peer after loop checks and import policy
 * @param advertised prefixes now advertised to the peer
 * @param stale paths held from the peer's earlier session while it restarts gracefully (RFC 4724)
 * @param endOfRib the peer has sent End-of-RIB for every negotiated family: its initial table is in
 */
public record PeerCounters(
    long received, long accepted, long advertised, long stale, boolean endOfRib) {

  public PeerCounters(long received, long accepted, long advertised) {
    this(received, accepted, advertised, 0, false);
  }

  /** The counts of a peer that is down while its stale paths are kept. */
  static PeerCounters stale(long stale) {
    return new PeerCounters(0, 0, 0, stale, false);
  }

  PeerCounters withStale(long staleRoutes) {
    return new PeerCounters(received, accepted, advertised, staleRoutes, endOfRib);
  }

  /** Whether the peer is restarting gracefully: paths of its earlier session are kept, stale. */
  public boolean restarting() {
    return stale > 0;
  }
}
