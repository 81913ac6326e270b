package dev.tabby.ipam;

/**
 * Addresses wanted for one pod: how many of each family (dual-stack is one of each), on which node,
 * under which handle (network name + container ID).
 */
public record AssignRequest(
    String handleId, String node, String namespace, String pod, int ipv4, int ipv6) {
  public AssignRequest {
    if (handleId == null || handleId.isBlank()) {
      throw new IllegalArgumentException("an assignment needs a handle ID");
    }
    if (node == null || node.isBlank()) {
      throw new IllegalArgumentException("an assignment needs a node");
    }
    if (ipv4 < 0 || ipv6 < 0 || ipv4 + ipv6 == 0) {
      throw new IllegalArgumentException("ask for at least one address, and no negative counts");
    }
  }

  public static AssignRequest ipv4(String handleId, String node, String namespace, String pod) {
    return new AssignRequest(handleId, node, namespace, pod, 1, 0);
  }

  public static AssignRequest ipv6(String handleId, String node, String namespace, String pod) {
    return new AssignRequest(handleId, node, namespace, pod, 0, 1);
  }

  public static AssignRequest dualStack(
      String handleId, String node, String namespace, String pod) {
    return new AssignRequest(handleId, node, namespace, pod, 1, 1);
  }
}
