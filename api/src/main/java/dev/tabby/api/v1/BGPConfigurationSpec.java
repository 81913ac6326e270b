package dev.tabby.api.v1;

import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import java.util.ArrayList;
import java.util.List;

/** Cluster-wide BGP settings. */
public class BGPConfigurationSpec {
  @Min(1)
  @Max(4294967295L)
  @Default("64512")
  private Long asNumber = 64512L;

  @Default("true")
  private boolean nodeToNodeMeshEnabled = true;

  @Min(1)
  @Max(65535)
  @Default("179")
  private int listenPort = 179;

  private List<Community> communities = new ArrayList<>();

  private List<PrefixAdvertisement> prefixAdvertisements = new ArrayList<>();

  private BFDSettings nodeMeshBfd;

  @Default("false")
  private boolean nodeMeshExtendedNextHop;

  /** The AS of nodes that do not set their own in a node annotation. */
  public Long getAsNumber() {
    return asNumber;
  }

  public void setAsNumber(Long asNumber) {
    this.asNumber = asNumber;
  }

  /** When true every node peers with every other node. */
  public boolean isNodeToNodeMeshEnabled() {
    return nodeToNodeMeshEnabled;
  }

  public void setNodeToNodeMeshEnabled(boolean nodeToNodeMeshEnabled) {
    this.nodeToNodeMeshEnabled = nodeToNodeMeshEnabled;
  }

  public int getListenPort() {
    return listenPort;
  }

  public void setListenPort(int listenPort) {
    this.listenPort = listenPort;
  }

  public List<Community> getCommunities() {
    return communities;
  }

  public void setCommunities(List<Community> communities) {
    this.communities = communities;
  }

  public List<PrefixAdvertisement> getPrefixAdvertisements() {
    return prefixAdvertisements;
  }

  public void setPrefixAdvertisements(List<PrefixAdvertisement> prefixAdvertisements) {
    this.prefixAdvertisements = prefixAdvertisements;
  }

  /** BFD on the node-to-node mesh's sessions; null or not enabled: none. */
  public BFDSettings getNodeMeshBfd() {
    return nodeMeshBfd;
  }

  public void setNodeMeshBfd(BFDSettings nodeMeshBfd) {
    this.nodeMeshBfd = nodeMeshBfd;
  }

  /**
   * Offer IPv4 routes with IPv6 next hops (RFC 8950 extended next hop) on every session between
   * nodes: the mesh, and BGPPeer sessions to other nodes such as route reflectors and their
   * clients. For nodes that peer over IPv6 only, so those sessions carry the IPv4 pod routes too.
   */
  public boolean isNodeMeshExtendedNextHop() {
    return nodeMeshExtendedNextHop;
  }

  public void setNodeMeshExtendedNextHop(boolean nodeMeshExtendedNextHop) {
    this.nodeMeshExtendedNextHop = nodeMeshExtendedNextHop;
  }
}
