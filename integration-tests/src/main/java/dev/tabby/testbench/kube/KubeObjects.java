package dev.tabby.testbench.kube;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;

/**
 * The Kubernetes objects tests create on a mock API server, as the kubelet and the scheduler would
 * leave them, with only the fields Tabby reads.
 */
public final class KubeObjects {

  private KubeObjects() {}

  /** A node whose status reports {@code internalIp} as its InternalIP address. */
  public static Node node(String name, String internalIp) {
    return new NodeBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .withNewStatus()
        .addNewAddress()
        .withType("InternalIP")
        .withAddress(internalIp)
        .endAddress()
        .endStatus()
        .build();
  }

  /** A pod with a name in a namespace; add its spec or status before {@code build()}. */
  public static PodBuilder pod(String namespace, String name) {
    return new PodBuilder().withNewMetadata().withName(name).withNamespace(namespace).endMetadata();
  }
}
