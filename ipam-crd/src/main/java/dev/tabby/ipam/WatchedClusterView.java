package dev.tabby.ipam;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ClusterView} for the allocator: node labels from an informer on Nodes, so an assignment
 * costs no API call for them. A node the watch has not delivered yet (it joined a moment ago) is
 * looked up directly. Pods are looked up directly: only garbage collection asks, and it wants a
 * fresh answer.
 */
public final class WatchedClusterView implements ClusterView, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WatchedClusterView.class);

  private final SharedIndexInformer<Node> nodes;
  private final KubernetesClusterView direct;

  /** Starts the informer and returns once it has listed the nodes. */
  public WatchedClusterView(KubernetesClient client) {
    this.nodes = client.nodes().inform();
    this.direct = new KubernetesClusterView(client);
    log.info("watching Nodes for their labels");
  }

  @Override
  public Optional<Map<String, String>> nodeLabels(String node) {
    Node watched = nodes.getStore().getByKey(node);
    if (watched == null) {
      return direct.nodeLabels(node);
    }
    Map<String, String> labels = watched.getMetadata().getLabels();
    return Optional.of(labels == null ? Map.of() : labels);
  }

  @Override
  public boolean podExists(String namespace, String pod) {
    return direct.podExists(namespace, pod);
  }

  @Override
  public void close() {
    nodes.close();
  }
}
