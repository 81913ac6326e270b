package dev.tabby.ipam;

/**
 * Addresses wanted for one pod: how many of each family (dual-stack is one of each), on which node,
 * under which handle (network name + container ID). The pod's UID, when known (the kubelet passes
 * it to CNI as {@code K8S_POD_UID}), lets garbage collection tell the pod from a later one of the
 * same name.
 */
public record AssignRequest(
    String handleId, String node, String namespace, String pod, int ipv4, int ipv6, String podUid) {
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
    if (podUid != null && podUid.isBlank()) {
      podUid = null;
    }
  }

  /** A request that does not know the pod's UID. */
  public AssignRequest(
      String handleId, String node, String namespace, String pod, int ipv4, int ipv6) {
    this(handleId, node, namespace, pod, ipv4, ipv6, null);
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

  /** This request for the pod with that UID (blank or null: unknown). */
  public AssignRequest withPodUid(String uid) {
    return new AssignRequest(handleId, node, namespace, pod, ipv4, ipv6, uid);
  }
}
