package dev.tabby.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabby.api.v1.BGPConfiguration;
import dev.tabby.api.v1.NodeBgpAnnotations;
import dev.tabby.testbench.HostProcess;
import dev.tabby.testbench.Wait;
import io.fabric8.kubernetes.api.model.Node;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Graceful restart (RFC 4724) of a tabby-node that is itself the route reflector of the others: its
 * Node carries the cluster ID, the mesh is off, and the two other nodes peer only with it. Its
 * agent killed with SIGKILL and started again under a ping every 10 ms between pods on the two
 * clients: it sends them its routes and End-of-RIB only once both have sent theirs, so neither
 * flushes the other's block (which it learned through the reflector) before the reflector has it
 * again. No ping is lost and no route leaves a client's kernel.
 */
class NodeReflectorRestartIT {

  private static final Duration CONVERGENCE = Duration.ofSeconds(60);

  @Test
  void aReflectingNodeRestartedLosesItsClientsNoRouteOfEachOther() {
    Path root = Path.of(System.getProperty("tabby.root", "..")).toAbsolutePath().normalize();
    try (ClusterLab lab =
        ClusterLab.up(
            new ClusterLab.Options(3, Topology.mesh, Optional.empty(), root), System.out)) {
      LabNode reflector = lab.nodes().get(0);
      List<LabNode> clients = lab.nodes().subList(1, 3);
      makeReflector(lab, reflector);
      // The cluster ID is read at start: the reflector's agent starts again to become one.
      lab.killAgent(reflector);
      lab.startAgent(reflector);
      lab.awaitReady(reflector);
      for (LabNode client : clients) {
        Wait.until(
            client.name() + " peers with the reflector " + reflector.name() + " only",
            CONVERGENCE,
            () -> StateJson.get(client.host(), client.httpUrl() + "/peers").path("peers"),
            peers ->
                peers.size() == 1
                    && peers.get(0).path("address").asString().equals(reflector.address())
                    && peers.get(0).path("state").asString().equals("Established"));
      }
      LabPod from = podOn(lab, clients.get(0));
      LabPod to = podOn(lab, clients.get(1));
      Wait.until(
          "a pod on " + from.node().name() + " reaches one on " + to.node().name(),
          CONVERGENCE,
          () -> LabReport.reaches(from, to));
      TrafficWatch watch =
          TrafficWatch.start(
              from.host(), to.address(), clients.stream().map(LabNode::host).toList());

      lab.killAgent(reflector);
      for (LabNode client : clients) {
        Wait.until(
            client.name() + " keeps " + reflector.name() + "'s routes, stale",
            CONVERGENCE,
            () -> StateJson.peer(client.host(), client.httpUrl(), reflector.address()),
            peer ->
                !peer.path("state").asString().equals("Established")
                    && peer.path("stale").asLong() > 0);
      }
      HostProcess restarted = lab.startAgent(reflector);
      lab.awaitReady(reflector);
      for (LabNode client : clients) {
        Wait.until(
            client.name() + " ends its help with " + reflector.name() + "'s End-of-RIB",
            CONVERGENCE,
            () -> lab.agent(client).log(),
            log ->
                log.contains("peer=" + reflector.address() + " event=graceful-restart-end-of-rib"));
      }
      String statistics = watch.stop("the reflecting node's agent killed and started again");

      restarted
          .log()
          .lines()
          .filter(l -> l.contains("event=initial-tables-"))
          .forEach(System.out::println);
      assertThat(restarted.log())
          .as("the reflector sent its tables once its clients had sent theirs")
          .contains("event=initial-tables-sent");
      assertThat(statistics).as("ping's statistics").contains(" 0% packet loss");
      for (LabNode client : clients) {
        assertThat(watch.deletedRoutes(client.host()))
            .as("kernel routes deleted on %s", client.name())
            .isEmpty();
      }
    }
  }

  /**
   * Gives the node the cluster ID and the reflector label, peers every node with it, and turns the
   * mesh off.
   */
  private static void makeReflector(ClusterLab lab, LabNode reflector) {
    Node node =
        lab.api().list(Node.class).stream()
            .filter(n -> n.getMetadata().getName().equals(reflector.name()))
            .findFirst()
            .orElseThrow();
    node.getMetadata().getLabels().put(ClusterLab.REFLECTOR_LABEL, "true");
    node.getMetadata()
        .getAnnotations()
        .put(NodeBgpAnnotations.ROUTE_REFLECTOR_CLUSTER_ID, ClusterLab.CLUSTER_ID);
    lab.api().apply(node);
    lab.api().apply(ClusterLab.reflectorPeering());
    BGPConfiguration configuration = lab.api().list(BGPConfiguration.class).get(0);
    configuration.getSpec().setNodeToNodeMeshEnabled(false);
    lab.api().apply(configuration);
  }

  private static LabPod podOn(ClusterLab lab, LabNode node) {
    return lab.pods().stream().filter(p -> p.node() == node).findFirst().orElseThrow();
  }
}
