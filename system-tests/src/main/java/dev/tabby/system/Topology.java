package dev.tabby.system;

/**
 * How the lab's nodes are cabled. {@code mesh}: every node on one segment, the node-to-node full
 * mesh. {@code tor}: each node in its own rack subnet behind a top-of-rack router (BIRD, installing
 * what it learns in its kernel), eBGP from every node to it, no mesh.
 */
public enum Topology {
  mesh,
  tor,
  rr;

  /** Whether every node is on one shared segment (mesh and rr) rather than in a rack of its own. */
  public boolean sharedSegment() {
    return this != tor;
  }

  /** Reads {@code mesh}, {@code tor} or {@code rr}, naming the choices otherwise. */
  public static Topology parse(String text) {
    for (Topology topology : values()) {
      if (topology.name().equals(text)) {
        return topology;
      }
    }
    throw new IllegalArgumentException("topology '" + text + "' is not mesh, tor or rr");
  }
}
