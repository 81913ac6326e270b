package dev.tabby.ipam;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;
import java.util.Optional;

/** {@link ClusterView} through the Kubernetes API: every call is a fresh look. */
public final class KubernetesClusterView implements ClusterView {
  private final KubernetesClient client;

  public KubernetesClusterView(KubernetesClient client) {
    this.client = client;
  }

  @Override
  public Optional<Map<String, String>> nodeLabels(String node) {
    return labelsOf(client.nodes().withName(node).get());
  }

  /** The node's labels (none: an empty map), or empty if there is no node. */
  static Optional<Map<String, String>> labelsOf(Node node) {
    if (node == null) {
      return Optional.empty();
    }
    Map<String, String> labels = node.getMetadata().getLabels();
    return Optional.of(labels == null ? Map.of() : labels);
  }

  @Override
  public boolean podExists(String namespace, String pod) {
    return pod(namespace, pod).isPresent();
  }

  @Override
  public Optional<PodIdentity> pod(String namespace, String pod) {
    return Pods.identity(client.pods().inNamespace(namespace).withName(pod).get());
  }
}
