package dev.tabby.ipam;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ClusterView} from informers, so a question costs no API call. Node labels come from an
 * informer on Nodes; a node the watch has not delivered yet (it joined a moment ago) is looked up
 * directly. Pods come from an informer on all Pods when the view is made {@link #withPods}, for
 * garbage collection and the check, which ask about every allocation; a node agent, which never
 * asks about pods, makes it without and pods are then looked up directly.
 */
public final class WatchedClusterView implements ClusterView, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WatchedClusterView.class);

  private final SharedIndexInformer<Node> nodes;
  private final SharedIndexInformer<Pod> pods;
  private final KubernetesClusterView direct;

  /** Starts the informer on Nodes and returns once it has listed them. */
  public WatchedClusterView(KubernetesClient client) {
    this(client, false);
  }

  private WatchedClusterView(KubernetesClient client, boolean watchPods) {
    this.nodes = client.nodes().inform();
    this.pods = watchPods ? client.pods().inAnyNamespace().inform() : null;
    this.direct = new KubernetesClusterView(client);
    log.info("watching Nodes for their labels{}", watchPods ? ", and Pods" : "");
  }

  /**
   * A view that also watches every Pod, for garbage collection and the check: returns once both
   * informers have listed their kind. Its pod answers are as fresh as the watch, which the grace
   * period of garbage collection covers.
   */
  public static WatchedClusterView withPods(KubernetesClient client) {
    return new WatchedClusterView(client, true);
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

  /** Every Node the watch holds, for what IPAM's users read of them (their addresses). */
  public List<Node> nodes() {
    return nodes.getStore().list();
  }

  /** Runs {@code changed} on the watch's thread whenever a Node is added, changed or deleted. */
  public void onNodeChange(Runnable changed) {
    nodes.addEventHandler(new OnAnyChange<>(changed));
  }

  /** Whether every informer has listed its kind once. */
  public boolean synced() {
    return nodes.hasSynced() && (pods == null || pods.hasSynced());
  }

  @Override
  public boolean podExists(String namespace, String pod) {
    return pod(namespace, pod).isPresent();
  }

  @Override
  public Optional<PodIdentity> pod(String namespace, String pod) {
    if (pods == null) {
      return direct.pod(namespace, pod);
    }
    return Pods.identity(pods.getStore().getByKey(namespace + "/" + pod));
  }

  @Override
  public void close() {
    nodes.close();
    if (pods != null) {
      pods.close();
    }
  }
}
