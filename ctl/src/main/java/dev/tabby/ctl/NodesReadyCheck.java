package dev.tabby.ctl;

import io.fabric8.kubernetes.api.model.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** Every Node's kubelet says Ready. */
final class NodesReadyCheck implements DiagnosticCheck {

  private final Supplier<ClusterSnapshot> cluster;

  NodesReadyCheck(Supplier<ClusterSnapshot> cluster) {
    this.cluster = cluster;
  }

  @Override
  public String name() {
    return "nodes-ready";
  }

  @Override
  public CheckOutcome run() {
    List<Node> nodes = cluster.get().nodes();
    if (nodes.isEmpty()) {
      return CheckOutcome.failed(
          name(), "the cluster has no Nodes", "check that the kubeconfig names the right cluster");
    }
    List<String> notReady = new ArrayList<>();
    for (Node node : nodes) {
      String ready = NodeConditions.kubeletReady(node);
      if (!"True".equals(ready)) {
        String why =
            NodeConditions.find(node, "Ready")
                .map(c -> " (" + c.getReason() + ": " + c.getMessage() + ")")
                .orElse(" (no Ready condition)");
        notReady.add(node.getMetadata().getName() + " Ready=" + ready + why);
      }
    }
    if (!notReady.isEmpty()) {
      return CheckOutcome.failed(
          name(),
          "not Ready: " + String.join("; ", notReady),
          "kubectl describe node NAME shows why; a NetworkNotReady reason means no CNI config"
              + " yet (see agents-ready and cni-config); otherwise see the kubelet's log there");
    }
    return CheckOutcome.ok(name(), nodes.size() + " nodes Ready");
  }
}
