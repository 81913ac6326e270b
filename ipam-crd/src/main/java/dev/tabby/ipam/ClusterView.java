package dev.tabby.ipam;

import java.util.Map;
import java.util.Optional;
import java.util.function.BiPredicate;

/** What IPAM needs to know about the cluster's nodes and pods; every call is a fresh look. */
public interface ClusterView {
  /** The node's labels, or empty if there is no such node. */
  Optional<Map<String, String>> nodeLabels(String node);

  default boolean nodeExists(String node) {
    return nodeLabels(node).isPresent();
  }

  boolean podExists(String namespace, String pod);

  /**
   * A cluster in which every node exists, with no labels, and pods exist as {@code podExists}
   * (namespace, pod) says: for simulations and checks that judge IPAM's bookkeeping alone.
   */
  static ClusterView unlabelledNodes(BiPredicate<String, String> podExists) {
    return new ClusterView() {
      @Override
      public Optional<Map<String, String>> nodeLabels(String node) {
        return Optional.of(Map.of());
      }

      @Override
      public boolean podExists(String namespace, String pod) {
        return podExists.test(namespace, pod);
      }
    };
  }
}
