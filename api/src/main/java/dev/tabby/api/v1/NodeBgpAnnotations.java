package dev.tabby.api.v1;

/**
 * A node's BGP data lives in annotations on the Kubernetes Node, not in a custom resource, so it
 * disappears with the node.
 */
public final class NodeBgpAnnotations {
  /** The node's IPv4 BGP address with its prefix length, e.g. {@code 192.0.2.10/24}. */
  public static final String IPV4_ADDRESS = "tabby.dev/bgp-ipv4-address";

  /** The node's IPv6 BGP address with its prefix length. */
  public static final String IPV6_ADDRESS = "tabby.dev/bgp-ipv6-address";

  /** The node's own AS number, overriding the cluster default. */
  public static final String AS_NUMBER = "tabby.dev/bgp-as-number";

  /** Present on route reflectors: the cluster ID they reflect for. */
  public static final String ROUTE_REFLECTOR_CLUSTER_ID = "tabby.dev/route-reflector-cluster-id";

  private NodeBgpAnnotations() {}
}
