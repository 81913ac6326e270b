package dev.tabby.ctl;

import dev.tabby.api.v1.NodeNetworkCondition;
import io.fabric8.kubernetes.api.model.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The tabby-node agent is ready on every node: its NetworkUnavailable condition is False with
 * reason TabbyIsUp.
 */
final class AgentsReadyCheck implements DiagnosticCheck {

  private final Supplier<ClusterSnapshot> cluster;

  AgentsReadyCheck(Supplier<ClusterSnapshot> cluster) {
    this.cluster = cluster;
  }

  @Override
  public String name() {
    return "agents-ready";
  }

  @Override
  public CheckOutcome run() {
    List<Node> nodes = cluster.get().nodes();
    List<String> notReady = new ArrayList<>();
    for (Node node : nodes) {
      if (!"True".equals(NodeConditions.agentReady(node))) {
        notReady.add(
            node.getMetadata().getName()
                + NodeConditions.find(node, NodeNetworkCondition.TYPE)
                    .map(
                        c ->
                            " "
                                + NodeNetworkCondition.TYPE
                                + "="
                                + c.getStatus()
                                + " ("
                                + c.getReason()
                                + ": "
                                + c.getMessage()
                                + ")")
                    .orElse(" has no " + NodeNetworkCondition.TYPE + " condition: no agent ready"));
      }
    }
    if (!notReady.isEmpty()) {
      return CheckOutcome.failed(
          name(),
          "agent not ready on " + String.join("; ", notReady),
          "kubectl -n tabby-system get pods -l app.kubernetes.io/name=tabby-node -o wide; the"
              + " agent's /readyz (port 9099) and its log say what it waits for");
    }
    return CheckOutcome.ok(name(), "tabby-node ready on " + nodes.size() + " nodes");
  }
}
