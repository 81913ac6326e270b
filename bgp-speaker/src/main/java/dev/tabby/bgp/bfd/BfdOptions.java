package dev.tabby.bgp.bfd;

import dev.tabby.bfd.BfdParameters;
import dev.tabby.bfd.BfdPeer;
import dev.tabby.net.IpAddress;
import java.util.Objects;

/**
 * How a BGP peer wants BFD: the session's timers, and whether the peer is directly connected
 * (single hop, RFC 5881: TTL 255 only) or further away (multihop, RFC 5883: packets must arrive
 * with at least {@code minimumTtl}).
 *
 * @param minimumTtl for multihop, the lowest TTL a received packet may carry; 255 for single hop
 */
public record BfdOptions(BfdParameters parameters, boolean multihop, int minimumTtl) {
  public BfdOptions {
    Objects.requireNonNull(parameters, "BFD parameters");
    if (minimumTtl < 1 || minimumTtl > 255 || (!multihop && minimumTtl != BfdPeer.SINGLE_HOP_TTL)) {
      throw new IllegalArgumentException(
          "BFD minimum TTL must be 255 for single hop and 1..255 for multihop, got " + minimumTtl);
    }
  }

  /** A single-hop session with {@code parameters}. */
  public static BfdOptions singleHop(BfdParameters parameters) {
    return new BfdOptions(parameters, false, BfdPeer.SINGLE_HOP_TTL);
  }

  /**
   * A multihop session with {@code parameters}, accepting packets of at least {@code minimumTtl}.
   */
  public static BfdOptions multihop(BfdParameters parameters, int minimumTtl) {
    return new BfdOptions(parameters, true, minimumTtl);
  }

  /** The session these options ask for, from {@code local} to {@code peer}. */
  BfdPeer session(IpAddress local, IpAddress peer) {
    return multihop ? BfdPeer.multihop(local, peer, minimumTtl) : new BfdPeer(local, peer);
  }

  /** Whether a session made for these options can take {@code other} by a parameter change. */
  boolean samePath(BfdOptions other) {
    return other != null && multihop == other.multihop && minimumTtl == other.minimumTtl;
  }
}
