package dev.tabby.bfd;

import dev.tabby.net.IpAddress;
import java.util.Objects;

/**
 * Where a single-hop session runs: from a local address to a directly connected peer, optionally
 * pinned to one interface (needed for IPv6 link-local peers).
 *
 * @param interfaceName the interface to send and receive on, or null for any
 */
public record BfdPeer(IpAddress local, IpAddress peer, String interfaceName) {
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
  }

  public BfdPeer(IpAddress local, IpAddress peer) {
    this(local, peer, null);
  }

  @Override
  public String toString() {
    return peer + " from " + local + (interfaceName == null ? "" : " dev " + interfaceName);
  }
}
