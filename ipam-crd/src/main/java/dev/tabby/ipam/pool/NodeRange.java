package dev.tabby.ipam.pool;

import dev.tabby.net.IpAddress;
import dev.tabby.net.IpPrefix;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Addresses of the node network that no pool may cover, with what they are for messages: a
 * configured network, or one address a Node reports.
 *
 * @param description what the range is, as it reads after "overlaps"
 */
public record NodeRange(IpPrefix range, String description) {
  /** The address types of a Node's status that pods must not shadow. */
  private static final Set<String> NODE_ADDRESS_TYPES = Set.of("InternalIP", "ExternalIP");

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

  /** The InternalIP and ExternalIP addresses a Node reports (host names are skipped). */
  public static List<NodeRange> addressesOf(Node node) {
    List<NodeRange> ranges = new ArrayList<>();
    if (node.getStatus() == null || node.getStatus().getAddresses() == null) {
      return ranges;
    }
    for (NodeAddress address : node.getStatus().getAddresses()) {
      if (NODE_ADDRESS_TYPES.contains(address.getType())) {
        try {
          IpAddress ip = IpAddress.parse(address.getAddress());
          ranges.add(address(node.getMetadata().getName(), address.getType(), ip));
        } catch (RuntimeException e) {
          // a host name: nothing a pool could overlap
        }
      }
    }
    return ranges;
  }
}
