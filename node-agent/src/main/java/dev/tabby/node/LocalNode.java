package dev.tabby.node;

import java.util.Map;
import java.util.Optional;

/**
 * This node as the translations need it.
 *
 * @param name the Kubernetes node name
 * @param labels the Node's labels, matched by BGPPeer node selectors
 * @param ipv4 the node's IPv4 BGP address, if it has one
 * @param ipv6 the node's IPv6 BGP address, if it has one
 */
public record LocalNode(
    String name, Map<String, String> labels, Optional<BgpAddress> ipv4, Optional<BgpAddress> ipv6) {

  public LocalNode {
    labels = Map.copyOf(labels);
  }

  /** The node's address of the family {@code ipv6} says, if it has one. */
  public Optional<BgpAddress> address(boolean ipv6) {
    return ipv6 ? this.ipv6 : this.ipv4;
  }
}
