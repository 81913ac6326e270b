package dev.tabby.node;

/**
 * What a planned peer is to this node, as {@code /peers} gives it and {@code tabbyctl node status}
 * shows it.
 */
public enum PeerType {
  /** Another node, through the node-to-node mesh. */
  MESH("mesh"),
  /**
   * A route reflector: a Node carrying the {@code tabby.dev/route-reflector-cluster-id} annotation,
   * named by a BGPPeer (its {@code peerSelector}, or its {@code peerIP} being that Node's address).
   */
  REFLECTOR("reflector"),
  /** Another node that is no reflector, named by a BGPPeer. */
  NODE("node"),
  /**
   * A router that is no Node, named by a BGPPeer's {@code peerIP}: on bare metal, the top-of-rack
   * router.
   */
  TOR("ToR");

  private final String label;

  PeerType(String label) {
    this.label = label;
  }

  /** The name {@code /peers} gives. */
  public String label() {
    return label;
  }
}
