package dev.tabby.node;

import dev.tabby.api.v1.NodeBgpAnnotations;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Writes the node's BGP addresses and AS as {@code tabby.dev/} annotations on its Node. */
public final class NodeAnnotator {

  private final KubernetesClient client;

  public NodeAnnotator(KubernetesClient client) {
    this.client = client;
  }

  /** The annotations this node's BGP identity asks for; an absent family removes its key. */
  static Map<String, String> annotations(
      Optional<BgpAddress> ipv4, Optional<BgpAddress> ipv6, long as) {
    Map<String, String> annotations = new HashMap<>();
    annotations.put(NodeBgpAnnotations.IPV4_ADDRESS, ipv4.map(BgpAddress::toString).orElse(null));
    annotations.put(NodeBgpAnnotations.IPV6_ADDRESS, ipv6.map(BgpAddress::toString).orElse(null));
    annotations.put(NodeBgpAnnotations.AS_NUMBER, Long.toString(as));
    return annotations;
  }

  /**
   * Sets the annotations (null values remove the key), with a compare-and-swap edit that fabric8
   * retries on conflict.
   *
   * @throws ConfigException when the Node does not exist
   */
  public void annotate(String nodeName, Map<String, String> wanted) {
    Node node = client.nodes().withName(nodeName).get();
    if (node == null) {
      throw new ConfigException(
          "Node " + nodeName + " does not exist (NODE_NAME must name this node's Node object)");
    }
    client
        .nodes()
        .withName(nodeName)
        .edit(
            current -> {
              Map<String, String> annotations =
                  current.getMetadata().getAnnotations() == null
                      ? new HashMap<>()
                      : new HashMap<>(current.getMetadata().getAnnotations());
              wanted.forEach(
                  (key, value) -> {
                    if (value == null) {
                      annotations.remove(key);
                    } else {
                      annotations.put(key, value);
                    }
                  });
              current.getMetadata().setAnnotations(annotations);
              return current;
            });
  }
}
