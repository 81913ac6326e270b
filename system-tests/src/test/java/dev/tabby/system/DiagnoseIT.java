package dev.tabby.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabby.api.v1.BGPPeer;
import dev.tabby.api.v1.NodeNetworkCondition;
import dev.tabby.testbench.ExecResult;
import dev.tabby.testbench.Wait;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code tabbyctl diagnose} run inside a lab node's namespace, with that node's CNI directories:
 * every check passes on a healthy 2-node mesh, and each fault put into the lab makes its check fail
 * with a message that names it. Also the agents' NetworkUnavailable condition, as {@code tabbyctl
 * get nodes} shows it and as a clean stop leaves it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DiagnoseIT {

  private static final Duration CONVERGENCE = Duration.ofSeconds(60);

  /** A tabbyctl run starts a JVM: on a loaded 2-core machine that alone can take a minute. */
  private static final Duration TABBYCTL = Duration.ofSeconds(120);

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private static ClusterLab lab;
  private static LabNode node1;
  private static LabNode node2;

  @BeforeAll
  static void up() {
    lab = SystemLabs.up(2, Topology.mesh);
    node1 = lab.nodes().get(0);
    node2 = lab.nodes().get(1);
  }

  @AfterAll
  static void down() {
    if (lab != null) {
      lab.close();
    }
  }

  @Test
  @Order(1)
  void onAHealthyLabEveryCheckIsOkAndTheExitCodeZero() {
    ExecResult table = diagnose(node1);
    System.out.print(table.stdout());
    assertThat(table.exitCode()).as(table.describe()).isZero();
    assertThat(table.stdout()).contains("All 10 checks passed");

    Map<String, JsonNode> checks = checks(diagnose(node1, "-o", "json"));
    assertThat(checks.keySet())
        .containsExactlyInAnyOrder(
            "nodes-ready",
            "agents-ready",
            "node-blocks",
            "pod-addresses",
            "cni-config",
            "cni-binaries",
            "kernel-routes",
            "bgp-sessions",
            "ip-forwarding",
            "firewall");
    checks.forEach(
        (name, check) -> assertThat(check.path("result").asString()).as(name).isEqualTo("ok"));
    assertThat(checks.get("firewall").path("detail").asString())
        .contains("iptables-save: read")
        .contains("nft: skipped, not installed");
    assertThat(checks.get("kernel-routes").path("detail").asString()).startsWith("2 blocks routed");
  }

  @Test
  @Order(2)
  void getNodesShowsEachAgentReadyFromItsNodeCondition() {
    ExecResult nodes = lab.tabbyctl(node1, "get", "nodes");

    assertThat(nodes.exitCode()).as(nodes.describe()).isZero();
    assertThat(nodes.stdout())
        .containsPattern("node1 +64512 +10\\.0\\.0\\.11/24 +1 +True")
        .containsPattern("node2 +64512 +10\\.0\\.0\\.12/24 +1 +True");
  }

  @Test
  @Order(3)
  void eachFaultMakesItsCheckFailAndNamesIt() throws Exception {
    Path conflist = node1.cniConfDir().resolve(NodeCni.CONFLIST);
    Path aside = node1.host().dir().resolve("conflist-aside");
    BGPPeer deadPeer = BGPPeer.of("dead-router", "10.0.0.99", 65099L);
    try {
      Files.move(conflist, aside);
      lab.api().apply(deadPeer);
      node1.host().execOk("sysctl", "-w", "net.ipv4.ip_forward=0");
      node1.host().execOk("iptables", "-A", "FORWARD", "-d", ClusterLab.POOL_CIDR, "-j", "DROP");

      Map<String, JsonNode> checks =
          Wait.until(
              "node1's agent to try the dead router's session",
              CONVERGENCE.plus(TABBYCTL),
              () -> checks(diagnose(node1, "-o", "json")),
              found -> detail(found, "bgp-sessions").contains("10.0.0.99"));

      assertThat(failed(checks))
          .containsExactlyInAnyOrder("cni-config", "bgp-sessions", "ip-forwarding", "firewall");
      assertThat(detail(checks, "cni-config")).isEqualTo("no CNI config in " + node1.cniConfDir());
      assertThat(detail(checks, "bgp-sessions")).contains("10.0.0.99 (ToR) is ");
      assertThat(detail(checks, "ip-forwarding")).contains("net.ipv4.ip_forward is 0");
      assertThat(detail(checks, "firewall"))
          .contains("iptables-save: -A FORWARD -d " + ClusterLab.POOL_CIDR + " -j DROP");
      checks.values().stream()
          .filter(check -> check.path("result").asString().equals("failed"))
          .forEach(check -> assertThat(check.path("fix").asString()).isNotBlank());
      ExecResult broken = diagnose(node1);
      System.out.print(broken.stdout());
      assertThat(broken.exitCode()).isEqualTo(1);
    } finally {
      Files.move(aside, conflist);
      lab.api().delete(deadPeer);
      node1.host().execOk("sysctl", "-w", "net.ipv4.ip_forward=1");
      node1.host().exec("iptables", "-D", "FORWARD", "-d", ClusterLab.POOL_CIDR, "-j", "DROP");
    }
  }

  @Test
  @Order(4)
  void aDeletedKernelRouteIsNamed() {
    String node2Block = new LabReport(lab, System.out).blocksByNode().get(node2.name()).get(0);
    // Paused, the agent cannot put the route back before diagnose looks.
    lab.agent(node1).pause();
    try {
      node1.host().execOk("ip", "route", "del", node2Block, "proto", "81");

      Map<String, JsonNode> checks = checks(diagnose(node1, "-o", "json"));

      assertThat(detail(checks, "kernel-routes"))
          .isEqualTo("no route to " + node2Block + " (node2's block)");
    } finally {
      lab.agent(node1).resume();
    }
    Wait.until(
        "node1's agent to put the route to " + node2Block + " back",
        CONVERGENCE,
        () -> node1.host().exec("ip", "route", "show", node2Block).stdout(),
        routes -> routes.contains(node2Block));
  }

  @Test
  @Order(5)
  void aCleanlyStoppedAgentMarksItsNodeNetworkUnavailable() {
    lab.agent(node2).stop();

    NodeCondition condition =
        Wait.until(
            "node2's NetworkUnavailable condition True, TabbyIsDown",
            CONVERGENCE,
            () -> networkCondition(node2.name()),
            found -> found != null && "True".equals(found.getStatus()));
    assertThat(condition.getReason()).isEqualTo(NodeNetworkCondition.REASON_DOWN);
    Map<String, JsonNode> checks = checks(diagnose(node1, "-o", "json"));
    assertThat(detail(checks, "agents-ready"))
        .contains("node2 NetworkUnavailable=True (TabbyIsDown");
  }

  private static NodeCondition networkCondition(String nodeName) {
    return lab.api().list(Node.class).stream()
        .filter(node -> node.getMetadata().getName().equals(nodeName))
        .flatMap(node -> node.getStatus().getConditions().stream())
        .filter(condition -> condition.getType().equals(NodeNetworkCondition.TYPE))
        .findFirst()
        .orElse(null);
  }

  /** tabbyctl diagnose inside the node's namespace, with that node's directories and agent. */
  private static ExecResult diagnose(LabNode node, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "diagnose",
                "--node",
                node.name(),
                "--endpoint",
                node.httpUrl(),
                "--cni-conf-dir",
                node.cniConfDir().toString(),
                "--cni-bin-dir",
                node.cniBinDir().toString()));
    args.addAll(List.of(extra));
    return lab.tabbyctl(node, args.toArray(String[]::new));
  }

  private static Map<String, JsonNode> checks(ExecResult result) {
    JsonNode document = JSON.readTree(result.stdout());
    Map<String, JsonNode> checks = new TreeMap<>();
    for (JsonNode check : document.path("checks")) {
      checks.put(check.path("check").asString(), check);
    }
    assertThat(checks).as(result.describe()).isNotEmpty();
    return checks;
  }

  private static List<String> failed(Map<String, JsonNode> checks) {
    return checks.entrySet().stream()
        .filter(entry -> entry.getValue().path("result").asString().equals("failed"))
        .map(Map.Entry::getKey)
        .toList();
  }

  private static String detail(Map<String, JsonNode> checks, String name) {
    return checks.get(name).path("detail").asString();
  }
}
