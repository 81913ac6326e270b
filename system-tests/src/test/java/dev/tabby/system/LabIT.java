package dev.tabby.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabby.api.v1.BGPPeer;
import dev.tabby.api.v1.IPPool;
import dev.tabby.testbench.Host;
import dev.tabby.testbench.Wait;
import dev.tabby.testbench.bgp.BgpDaemonConfig;
import dev.tabby.testbench.bgp.Bird;
import dev.tabby.testbench.bgp.Neighbor;
import io.fabric8.kubernetes.api.model.Node;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The whole system, once: the lab's 3-node mesh with real tabby-node processes against the API
 * stand-in, two pods per node wired by the CNI plugin; then the cluster is changed while it runs.
 * The tests share one lab (a lab takes minutes on a loaded 2-core machine) and run in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LabIT {

  private static final Duration CONVERGENCE = Duration.ofSeconds(60);

  private static ClusterLab lab;

  @BeforeAll
  static void up() {
    Path root = Path.of(System.getProperty("tabby.root", "..")).toAbsolutePath().normalize();
    lab =
        ClusterLab.up(new ClusterLab.Options(3, Topology.mesh, Optional.empty(), root), System.out);
  }

  @AfterAll
  static void down() {
    if (lab != null) {
      lab.close();
    }
  }

  @Test
  @Order(1)
  void theLabShowsSessionsRoutesAPingMatrixAndPlainIpOnTheFabric() {
    List<String> failures = new LabReport(lab, System.out).run();

    assertThat(failures).isEmpty();
    assertThat(lab.pods()).hasSize(6);
    assertThat(lab.pods().stream().map(LabPod::address).distinct()).hasSize(6);
    String metrics =
        lab.nodes()
            .get(0)
            .host()
            .execOk("curl", "-s", lab.nodes().get(0).httpUrl() + "/metrics")
            .stdout();
    assertThat(metrics)
        .contains("tabby_bgp_sessions{state=\"Established\"} 2")
        .contains("tabby_kernel_routes_installed 3")
        .contains("tabby_ipam_blocks 1")
        .contains("tabby_cni_requests_total{code=\"0\",command=\"ADD\",plugin=\"tabby\"} 2");
  }

  @Test
  @Order(2)
  void aBadBgpPeerIsReportedWhileTheOtherSessionsStayUp() {
    LabNode node1 = lab.nodes().get(0);
    BGPPeer bad = peer("no-as", "10.0.0.99", null);

    lab.api().apply(bad);

    String readyz =
        Wait.until(
            "node1 not ready because of BGPPeer no-as",
            CONVERGENCE,
            () -> lab.readyz(node1),
            answer -> answer.startsWith("503") && answer.contains("BGPPeer no-as: spec.asNumber"));
    assertThat(readyz).doesNotContain("bgp:").doesNotContain("datastore:");
    assertThat(lab.agent(node1).log())
        .contains("event=bad-config BGPPeer no-as: spec.asNumber is missing");
    assertThat(LabReport.reaches(lab.pods().get(0), lab.pods().get(5))).isTrue();

    lab.api().delete(bad);
    Wait.until("node1 ready again", CONVERGENCE, () -> lab.readyz(node1), a -> a.startsWith("200"));
  }

  @Test
  @Order(3)
  void aBgpPeerAddedAtRuntimeBringsSessionsUpAndItsDeletionTakesThemDown() {
    Host routerHost = lab.addSegmentHost("rtr", "10.0.0.50");
    BgpDaemonConfig.Builder config = BgpDaemonConfig.builder("10.0.0.50", 65050);
    lab.nodes().forEach(node -> config.neighbor(Neighbor.of(node.address(), node.as())));
    Bird router = Bird.start(routerHost, config.build());

    lab.api().apply(peer("router", "10.0.0.50", 65050L));

    router.awaitAllEstablished();
    Map<String, List<String>> blocks = new LabReport(lab, System.out).blocksByNode();
    blocks.values().stream().flatMap(List::stream).forEach(router::awaitRoute);

    lab.api().delete(peer("router", "10.0.0.50", 65050L));

    lab.nodes().forEach(node -> router.awaitNotEstablished(node.address(), CONVERGENCE));
    router.stop();
  }

  @Test
  @Order(4)
  void anAgentKilledWithSigkillAndRestartedEndsWithEveryPodReachable() {
    LabNode node2 = lab.nodes().get(1);

    lab.killAgent(node2);
    lab.startAgent(node2);
    lab.awaitReady(node2);

    assertEveryPodReachesEveryOther();
  }

  @Test
  @Order(5)
  void aNodeAddedLaterGetsABlockAndItsPodIsReachableFromAllOthers() {
    LabNode node4 = lab.addNode();
    lab.awaitReady(node4);
    lab.addPods(node4, 1);

    assertThat(new LabReport(lab, System.out).blocksByNode().get(node4.name())).isNotEmpty();
    assertEveryPodReachesEveryOther();
  }

  @Test
  @Order(6)
  void aRemovedNodeIsWithdrawnEverywhere() {
    LabNode node4 = lab.nodes().get(3);
    List<String> blocks = new LabReport(lab, System.out).blocksByNode().get(node4.name());

    lab.agent(node4).stop();
    LabNode node1 = lab.nodes().get(0);
    Wait.until(
        "node1 told of node4's shutdown by a Cease",
        CONVERGENCE,
        () ->
            node1
                .host()
                .exec(
                    lab.root().resolve("bin/tabbyctl").toString(),
                    "bgp",
                    "peers",
                    "--endpoint",
                    node1.httpUrl())
                .stdout(),
        peers -> peers.contains(node4.address() + ": received NOTIFICATION 6/2"));
    assertThat(node4.host().exec("ip", "route", "show", "proto", "81").stdout())
        .as("a stopped agent leaves its routes in the kernel")
        .contains("blackhole " + blocks.get(0));
    Node node4Object =
        lab.api().list(Node.class).stream()
            .filter(node -> node.getMetadata().getName().equals(node4.name()))
            .findFirst()
            .orElseThrow();
    lab.api().delete(node4Object);

    for (LabNode node : lab.nodes().subList(0, 3)) {
      Wait.until(
          node.name() + " has no route to " + blocks,
          CONVERGENCE,
          () -> node.host().exec("ip", "route", "show", "proto", "81").stdout(),
          routes -> blocks.stream().noneMatch(block -> routes.contains(block + " ")));
    }
  }

  @Test
  @Order(7)
  void aDisabledPoolGivesNoNewAddressesWhileExistingPodsKeepWorking() {
    IPPool pool = lab.api().list(IPPool.class).get(0);
    pool.getSpec().setDisabled(true);
    lab.api().apply(pool);
    LabNode node3 = lab.nodes().get(2);

    try {
      Wait.until(
          "a new pod on node3 refused while the pool is disabled",
          CONVERGENCE,
          () -> {
            try {
              lab.addPods(node3, 1);
              return "assigned";
            } catch (IllegalStateException e) {
              return e.getMessage();
            }
          },
          answer -> answer.contains("IPPool default-ipv4 (10.244.0.0/16) is disabled"));
      assertThat(LabReport.reaches(lab.pods().get(0), lab.pods().get(5))).isTrue();
    } finally {
      pool.getSpec().setDisabled(false);
      lab.api().apply(pool);
    }
  }

  private static void assertEveryPodReachesEveryOther() {
    List<LabPod> pods = lab.pods().stream().filter(pod -> lab.agent(pod.node()).isAlive()).toList();
    for (LabPod from : pods) {
      for (LabPod to : pods) {
        if (from != to) {
          assertThat(LabReport.reaches(from, to))
              .as("%s reaches %s (%s)", from.name(), to.name(), to.address())
              .isTrue();
        }
      }
    }
  }

  private static BGPPeer peer(String name, String ip, Long as) {
    return BGPPeer.of(name, ip, as);
  }
}
