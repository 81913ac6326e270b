package dev.tabby.ctl;

import dev.tabby.ipam.AssignRequest;
import dev.tabby.ipam.IpamAllocator;
import dev.tabby.net.IpAddress;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Pods with addresses from the allocator the node agents run: IPPool tiny (10.244.0.0/29, blocks of
 * four), at most one block per node; pods a0..a3 on node1 fill its block, b0 on node2 claims the
 * other, and a4 on node1 borrows from node2's block. Six addresses in use, two free.
 */
final class IpamScenario {
  static final String NAMESPACE = "ns";

  /** Each pod's address, by pod name. */
  final Map<String, IpAddress> addresses = new LinkedHashMap<>();

  IpamScenario(MockCluster cluster) {
    cluster.pool("tiny", "10.244.0.0/29", 30);
    cluster.maxBlocksPerHost(1);
    cluster.node("node1", "192.168.0.1");
    cluster.node("node2", "192.168.0.2");
    IpamAllocator allocator = cluster.allocator();
    assign(cluster, allocator, "a0", "node1");
    assign(cluster, allocator, "b0", "node2");
    for (int i = 1; i <= 4; i++) {
      assign(cluster, allocator, "a" + i, "node1");
    }
  }

  private void assign(MockCluster cluster, IpamAllocator allocator, String pod, String node) {
    cluster.pod(NAMESPACE, pod, node);
    IpAddress address =
        allocator.assign(AssignRequest.ipv4(handle(pod), node, NAMESPACE, pod)).get(0).address();
    addresses.put(pod, address);
  }

  static String handle(String pod) {
    return "tabby." + pod;
  }

  IpAddress address(String pod) {
    return addresses.get(pod);
  }
}
