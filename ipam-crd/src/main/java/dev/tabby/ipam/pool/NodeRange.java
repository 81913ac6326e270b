package dev.tabby.ipam.pool;

import dev.tabby.net.IpAddress;
import dev.tabby.net.IpPrefix;

/**
 * Addresses of the node network that no pool may cover, with what they are for messages: a
 * configured network, or one address a Node reports.
 *
 * @param description what the range is, as it reads after "overlaps"
 */
public record NodeRange(IpPrefix range, String description) {

  /** A node network the operator configured. */
  public static NodeRange network(IpPrefix network) {
    return new NodeRange(network, "the node network " + network);
  }

  /** One address of a node, e.g. its InternalIP. */
  public static NodeRange address(String node, String type, IpAddress address) {
    return new NodeRange(
        IpPrefix.containing(address, address.family().bits()),
        "the " + type + " " + address + " of node " + node);
  }
}
