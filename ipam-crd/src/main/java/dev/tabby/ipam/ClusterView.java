package dev.tabby.ipam;

import java.util.Map;
import java.util.Optional;

/** What IPAM needs to know about the cluster's nodes and pods; every call is a fresh look. */
public interface ClusterView {
  /** The node's labels, or empty if there is no such node. */
  Optional<Map<String, String>> nodeLabels(String node);

  default boolean nodeExists(String node) {
    return nodeLabels(node).isPresent();
  }

  boolean podExists(String namespace, String pod);
}
