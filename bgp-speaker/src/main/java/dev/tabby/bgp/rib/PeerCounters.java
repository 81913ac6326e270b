package dev.tabby.bgp.rib;

/**
 * Route counts for one peer.
 *
 * @param received prefixes announced by the peer since the session came up (cumulative)
 * @param accepted paths now held from the peer after loop checks and import policy
 * @param advertised prefixes now advertised to the peer
 */
public record PeerCounters(long received, long accepted, long advertised) {}
