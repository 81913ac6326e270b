package dev.tabby.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabby.testbench.Host;
import dev.tabby.testbench.Wait;
import dev.tabby.testbench.bgp.Frr;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The rr topology: three tabby-node agents, no mesh, each peering only with two tabby-rr reflectors
 * of one cluster ID, planned from the Nodes and one BGPPeer with a peer selector; FRR as an iBGP
 * non-client of both reflectors. Every node gets every other node's blocks reflected, FRR too, and
 * the nodes keep every route and their pods keep pinging when one reflector is killed. And a
 * tabby-node agent whose Node carries a cluster ID reflects for the others, as in Calico.
 */
class ReflectorIT {

  private static final Duration CONVERGENCE = Duration.ofSeconds(60);
  private static final String FRR_ADDRESS = "10.0.0.240";

  @Test
  void twoReflectorsServeEveryNodeAndANonClientAndEitherMayDie() {
    try (ClusterLab lab = SystemLabs.up(3, Topology.rr)) {
      LabReflector rr1 = lab.reflectors().get(0);
      LabReflector rr2 = lab.reflectors().get(1);
      Frr frr = lab.addNonClient("frr", FRR_ADDRESS, config -> config);
      LabReport report = new LabReport(lab, System.out);

      assertThat(report.run()).as("sessions, kernel routes and the pod-to-pod pings").isEmpty();

      Map<String, List<String>> blocks = report.blocksByNode();
      for (LabNode node : lab.nodes()) {
        for (LabNode owner : lab.nodes()) {
          if (owner == node) {
            continue;
          }
          for (String block : blocks.get(owner.name())) {
            JsonNode route = awaitRoute(node.host(), node.httpUrl(), block);
            assertThat(route.path("nextHop").asString()).isEqualTo(owner.address());
            assertThat(route.path("originatorId").asString())
                .as("ORIGINATOR_ID of %s at %s", block, node.name())
                .isEqualTo(owner.address());
            assertThat(clusterList(route))
                .as("CLUSTER_LIST of %s at %s", block, node.name())
                .containsExactly(ClusterLab.CLUSTER_ID);
          }
        }
      }

      for (String block : allBlocks(blocks)) {
        frr.awaitRoute(block, CONVERGENCE);
        JsonNode paths =
            StateJson.parse(
                    frr.vtysh("show bgp ipv4 unicast " + block + " json").orThrow().stdout())
                .path("paths");
        assertThat(paths.size()).as("FRR hears %s from both reflectors", block).isEqualTo(2);
        String owner = ownerOf(lab, blocks, block).address();
        for (JsonNode path : paths) {
          assertThat(path.path("originatorId").asString()).isEqualTo(owner);
          assertThat(path.path("clusterList").path("list").get(0).asString())
              .isEqualTo(ClusterLab.CLUSTER_ID);
        }
      }

      // The reflectors peer with each other as non-clients of one cluster: what one reflects to the
      // other carries their cluster ID in its CLUSTER_LIST, a loop the other drops (RFC 4456 §8).
      JsonNode fromRr1 =
          Wait.until(
              "rr2 hears rr1's reflected routes",
              CONVERGENCE,
              () -> peer(rr2, rr1.address()),
              peer -> peer.path("received").asLong() >= allBlocks(blocks).size());
      assertThat(fromRr1.path("state").asString()).isEqualTo("Established");
      assertThat(fromRr1.path("accepted").asLong())
          .as("routes whose CLUSTER_LIST holds rr2's own cluster ID")
          .isZero();

      lab.killReflector(rr1);
      for (LabNode node : lab.nodes()) {
        Wait.until(
            node.name() + " sees rr1's session end",
            CONVERGENCE,
            () -> StateJson.peer(node.host(), node.httpUrl(), rr1.address()),
            peer -> !peer.path("state").asString().equals("Established"));
      }
      // The nodes keep rr1's routes, stale, for its restart time (graceful restart, see
      // ReflectorRestartIT); rr2 holds every route the node needs all the same.
      for (LabNode node : lab.nodes()) {
        long needed = 0;
        for (LabNode owner : lab.nodes()) {
          if (owner != node) {
            for (String block : blocks.get(owner.name())) {
              needed++;
              JsonNode route = awaitRoute(node.host(), node.httpUrl(), block);
              assertThat(route.path("nextHop").asString())
                  .as("%s at %s after rr1 died", block, node.name())
                  .isEqualTo(owner.address());
            }
          }
        }
        JsonNode fromRr2 = StateJson.peer(node.host(), node.httpUrl(), rr2.address());
        assertThat(fromRr2.path("state").asString()).isEqualTo("Established");
        assertThat(fromRr2.path("accepted").asLong())
            .as("routes %s has from rr2 with rr1 dead", node.name())
            .isGreaterThanOrEqualTo(needed);
      }
      for (LabPod from : lab.pods()) {
        for (LabPod to : lab.pods()) {
          if (from != to) {
            assertThat(LabReport.reaches(from, to))
                .as("%s reaches %s with rr1 dead", from.name(), to.name())
                .isTrue();
          }
        }
      }
    }
  }

  @Test
  void aNodeWithAClusterIdReflectsForTheOthersOnceTheMeshIsOff() {
    try (ClusterLab lab = SystemLabs.up(3, Topology.mesh)) {
      LabNode reflector = lab.nodes().get(0);
      LabNode node2 = lab.nodes().get(1);
      LabNode node3 = lab.nodes().get(2);
      ReflectorNode.make(lab, reflector, List.of(node2, node3), CONVERGENCE);
      Map<String, List<String>> blocks = new LabReport(lab, System.out).blocksByNode();
      for (String block : blocks.get(node3.name())) {
        JsonNode route = awaitRoute(node2.host(), node2.httpUrl(), block);
        assertThat(route.path("originatorId").asString()).isEqualTo(node3.address());
        assertThat(clusterList(route)).containsExactly(ClusterLab.CLUSTER_ID);
      }
      for (LabPod from : lab.pods()) {
        for (LabPod to : lab.pods()) {
          if (from != to) {
            assertThat(LabReport.reaches(from, to))
                .as("%s reaches %s through the reflector node", from.name(), to.name())
                .isTrue();
          }
        }
      }
    }
  }

  private static List<String> allBlocks(Map<String, List<String>> blocks) {
    return blocks.values().stream().flatMap(List::stream).toList();
  }

  private static LabNode ownerOf(ClusterLab lab, Map<String, List<String>> blocks, String block) {
    return lab.nodes().stream()
        .filter(node -> blocks.get(node.name()).contains(block))
        .findFirst()
        .orElseThrow();
  }

  private static List<String> clusterList(JsonNode route) {
    List<String> ids = new ArrayList<>();
    route.path("clusterList").forEach(id -> ids.add(id.asString()));
    return ids;
  }

  private static JsonNode awaitRoute(Host host, String endpoint, String prefix) {
    return Wait.until(
        "the route to " + prefix + " at " + endpoint,
        CONVERGENCE,
        () -> StateJson.get(host, endpoint + "/routes?prefix=" + prefix).path("routes").path(0),
        route -> !route.isMissingNode());
  }

  private static JsonNode peer(LabReflector reflector, String address) {
    return StateJson.peer(reflector.host(), reflector.stateUrl(), address);
  }
}
