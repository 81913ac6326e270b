package dev.tabby.ipam;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiPredicate;

/** What IPAM needs to know about the cluster's nodes and pods. */
public interface ClusterView {
  /** The node's labels, or empty if there is no such node. */
  Optional<Map<String, String>> nodeLabels(String node);

  default boolean nodeExists(String node) {
    return nodeLabels(node).isPresent();
  }

  boolean podExists(String namespace, String pod);

  /**
   * The pod of that name, with what tells it from another of the same name; empty if there is no
   * such pod. A view that knows only whether pods exist answers with no UID and no addresses.
   */
  default Optional<PodIdentity> pod(String namespace, String pod) {
    return podExists(namespace, pod)
        ? Optional.of(new PodIdentity(null, Set.of()))
        : Optional.empty();
  }

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
