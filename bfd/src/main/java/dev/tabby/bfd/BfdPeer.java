package dev.tabby.bfd;

import dev.tabby.net.IpAddress;
import java.util.Objects;

/**
 * Where a session runs, and so which session a packet belongs to.
 *
 * <p>Single hop (RFC 5881): from a local address to a directly connected peer, optionally pinned to
 * one interface (needed for IPv6 link-local peers); packets go to UDP port 3784 and must arrive
 * with TTL 255.
 *
 * <p>Multihop (RFC 5883): from a local address to a peer some routers away, the session keyed by
 * the address pair alone (the path may change interfaces); packets go to UDP port 4784, are sent
 * with TTL 255 and must arrive with at least {@code minimumTtl}, which bounds how many routers away
 * the sender may be.
 *
 * @param interfaceName the interface to send and receive on, or null for any (always null for
 *     multihop)
 * @param minimumTtl the lowest TTL (IPv6: hop limit) a received packet may carry: 255 for single
 *     hop
 */
public record BfdPeer(
    IpAddress local, IpAddress peer, String interfaceName, boolean multihop, int minimumTtl) {

  /**
   * The default {@link #minimumTtl} of a multihop session: the peer at most one router away, as
   * FRR's bfdd assumes. Peers that send multihop packets with their system's default TTL (BIRD
   * does, 64 on Linux) need a lower one.
   */
  public static final int DEFAULT_MULTIHOP_MINIMUM_TTL = 254;

  /** RFC 5881 §5: a single-hop packet must arrive with the TTL it was sent with, 255. */
  public static final int SINGLE_HOP_TTL = 255;

  public BfdPeer {
    Objects.requireNonNull(local, "local address");
    Objects.requireNonNull(peer, "peer address");
    if (local.family() != peer.family()) {
      throw new IllegalArgumentException(
          "BFD local address " + local + " and peer " + peer + " are of different families");
    }
    if (interfaceName != null && interfaceName.isBlank()) {
      interfaceName = null;
    }
    if (multihop && interfaceName != null) {
      throw new IllegalArgumentException(
          "a multihop BFD session to " + peer + " is not tied to an interface");
    }
    if (!multihop && minimumTtl != SINGLE_HOP_TTL) {
      throw new IllegalArgumentException(
          "a single-hop BFD session to " + peer + " accepts only TTL 255, not " + minimumTtl);
    }
    if (minimumTtl < 1 || minimumTtl > 255) {
      throw new IllegalArgumentException(
          "the minimum TTL of the BFD session to " + peer + " must be 1..255, got " + minimumTtl);
    }
  }

  /** A single-hop session, on {@code interfaceName} if not null. */
  public BfdPeer(IpAddress local, IpAddress peer, String interfaceName) {
    this(local, peer, interfaceName, false, SINGLE_HOP_TTL);
  }

  /** A single-hop session on any interface. */
  public BfdPeer(IpAddress local, IpAddress peer) {
    this(local, peer, null);
  }

  /** A multihop session accepting packets that arrive with at least {@code minimumTtl}. */
  public static BfdPeer multihop(IpAddress local, IpAddress peer, int minimumTtl) {
    return new BfdPeer(local, peer, null, true, minimumTtl);
  }

  /** The UDP port control packets go to: 3784 single hop, 4784 multihop. */
  public int controlPort() {
    return multihop ? BfdSessions.MULTIHOP_CONTROL_PORT : BfdSessions.CONTROL_PORT;
  }

  @Override
  public String toString() {
    return peer
        + " from "
        + local
        + (interfaceName == null ? "" : " dev " + interfaceName)
        + (multihop ? " multihop minTtl=" + minimumTtl : "");
  }
}
