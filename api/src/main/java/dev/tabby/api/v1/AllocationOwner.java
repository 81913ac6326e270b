package dev.tabby.api.v1;

/**
 * The pod an address was assigned to (and its UID, when the requester knew it, so that a pod
 * recreated under the same name is told apart), and the node it was assigned on.
 */
public class AllocationOwner {
  private String pod;
  private String namespace;
  private String node;
  private String podUID;

  public AllocationOwner() {}

  public AllocationOwner(String pod, String namespace, String node) {
    this(pod, namespace, node, null);
  }

  public AllocationOwner(String pod, String namespace, String node, String podUID) {
    this.pod = pod;
    this.namespace = namespace;
    this.node = node;
    this.podUID = podUID;
  }

  public String getPod() {
    return pod;
  }

  public void setPod(String pod) {
    this.pod = pod;
  }

  public String getNamespace() {
    return namespace;
  }

  public void setNamespace(String namespace) {
    this.namespace = namespace;
  }

  public String getNode() {
    return node;
  }

  public void setNode(String node) {
    this.node = node;
  }

  /** The pod's metadata.uid, or null if the requester did not know it. */
  public String getPodUID() {
    return podUID;
  }

  public void setPodUID(String podUID) {
    this.podUID = podUID;
  }
}
