package dev.tabby.system;

import dev.tabby.api.v1.BGPConfiguration;
import dev.tabby.api.v1.NodeBgpAnnotations;
import dev.tabby.testbench.Wait;
import io.fabric8.kubernetes.api.model.Node;
import java.time.Duration;
import java.util.List;

/** Makes a lab node the route reflector of the others, as an operator would. */
final class ReflectorNode {

  private ReflectorNode() {}

  /**
   * Gives the node the lab's cluster ID and the reflector label, peers every node with it, turns
   * the mesh off, and returns once each of {@code clients} peers with the reflector alone. Its
   * agent is stopped meanwhile and started again: the cluster ID is read when the speaker starts.
   */
  static void make(ClusterLab lab, LabNode reflector, List<LabNode> clients, Duration timeout) {
    lab.killAgent(reflector);
    Node node =
        lab.api().list(Node.class).stream()
            .filter(n -> n.getMetadata().getName().equals(reflector.name()))
            .findFirst()
            .orElseThrow();
    node.getMetadata()
        .getAnnotations()
        .put(NodeBgpAnnotations.ROUTE_REFLECTOR_CLUSTER_ID, ClusterLab.CLUSTER_ID);
    node.getMetadata().getLabels().put(ClusterLab.REFLECTOR_LABEL, "true");
    lab.api().apply(node);
    lab.api().apply(ClusterLab.reflectorPeering());
    BGPConfiguration configuration = lab.api().list(BGPConfiguration.class).get(0);
    configuration.getSpec().setNodeToNodeMeshEnabled(false);
    lab.api().apply(configuration);
    lab.startAgent(reflector);
    lab.awaitReady(reflector);
    for (LabNode client : clients) {
      Wait.until(
          client.name() + " peers with the reflector node " + reflector.name() + " alone",
          timeout,
          () -> StateJson.get(client.host(), client.httpUrl() + "/peers").path("peers"),
          peers ->
              peers.size() == 1
                  && peers.get(0).path("address").asString().equals(reflector.address())
                  && peers.get(0).path("state").asString().equals("Established"));
    }
  }
}
