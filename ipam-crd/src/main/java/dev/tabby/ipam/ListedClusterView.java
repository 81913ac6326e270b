package dev.tabby.ipam;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link ClusterView} as one list of Nodes and one of Pods read at construction: for a one-shot
 * report over every allocation (tabbyctl's check), which would otherwise ask the API server about
 * each pod in turn.
 */
public final class ListedClusterView implements ClusterView {
  private final Map<String, Node> nodes = new HashMap<>();
  private final Map<String, Pod> pods = new HashMap<>();

  /** Lists every Node and every Pod once. */
  public ListedClusterView(KubernetesClient client) {
    this(client.nodes().list().getItems(), client.pods().inAnyNamespace().list().getItems());
  }

  public ListedClusterView(List<Node> nodes, List<Pod> pods) {
    nodes.forEach(n -> this.nodes.put(n.getMetadata().getName(), n));
    pods.forEach(
        p -> this.pods.put(key(p.getMetadata().getNamespace(), p.getMetadata().getName()), p));
  }

  @Override
  public Optional<Map<String, String>> nodeLabels(String node) {
    return KubernetesClusterView.labelsOf(nodes.get(node));
  }

  @Override
  public boolean podExists(String namespace, String pod) {
    return pods.containsKey(key(namespace, pod));
  }

  @Override
  public Optional<PodIdentity> pod(String namespace, String pod) {
    return Pods.identity(pods.get(key(namespace, pod)));
  }

  private static String key(String namespace, String pod) {
    return namespace + "/" + pod;
  }
}
