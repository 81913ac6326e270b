package dev.tabby.ctl;

import dev.tabby.api.v1.NodeNetworkCondition;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import java.util.Optional;

/** What a Node's status conditions say: the kubelet's Ready and the Tabby agent's readiness. */
final class NodeConditions {

  private NodeConditions() {}

  /** The condition of that type, if the Node has one. */
  static Optional<NodeCondition> find(Node node, String type) {
    if (node.getStatus() == null || node.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    return node.getStatus().getConditions().stream()
        .filter(condition -> type.equals(condition.getType()))
        .findFirst();
  }

  /** The kubelet's Ready condition: True, False or Unknown. */
  static String kubeletReady(Node node) {
    return find(node, "Ready").map(NodeCondition::getStatus).orElse("Unknown");
  }

  /**
   * The Tabby agent's readiness, from NetworkUnavailable: True when it is False with reason {@code
   * TabbyIsUp}, False when it says otherwise, Unknown when no agent ever set it.
   */
  static String agentReady(Node node) {
    return find(node, NodeNetworkCondition.TYPE)
        .map(
            condition ->
                "False".equals(condition.getStatus())
                        && NodeNetworkCondition.REASON_UP.equals(condition.getReason())
                    ? "True"
                    : "False")
        .orElse("Unknown");
  }
}
