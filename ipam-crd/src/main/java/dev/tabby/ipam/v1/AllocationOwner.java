package dev.tabby.ipam.v1;

/** The pod an address was assigned to, and the node it was assigned on. */
public class AllocationOwner {
  private String pod;
  private String namespace;
  private String node;

  public AllocationOwner() {}

  public AllocationOwner(String pod, String namespace, String node) {
    this.pod = pod;
    this.namespace = namespace;
    this.node = node;
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
}
