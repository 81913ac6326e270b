package dev.tabby.ctl;

import io.fabric8.kubernetes.api.model.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** Every node holds at least one address block (by affinity). */
final class NodeBlocksCheck implements DiagnosticCheck {

  private final Supplier<ClusterSnapshot> cluster;

  NodeBlocksCheck(Supplier<ClusterSnapshot> cluster) {
    this.cluster = cluster;
  }

  @Override
  public String name() {
    return "node-blocks";
  }

  @Override
  public CheckOutcome run() {
    ClusterSnapshot snapshot = cluster.get();
    List<String> without = new ArrayList<>();
    int blocks = 0;
    for (Node node : snapshot.nodes()) {
      int held = snapshot.blocksOf(node.getMetadata().getName()).size();
      blocks += held;
      if (held == 0) {
        without.add(node.getMetadata().getName());
      }
    }
    if (!without.isEmpty()) {
      return CheckOutcome.failed(
          name(),
          "no address block held by " + String.join(", ", without),
          "a node claims its first block when its first pod starts: if pods are scheduled there,"
              + " check that an enabled IPPool selects the node (spec.nodeSelector) and has free"
              + " blocks (tabbyctl get ippools), and the agent's log there");
    }
    return CheckOutcome.ok(
        name(), blocks + " blocks held by " + snapshot.nodes().size() + " nodes");
  }
}
