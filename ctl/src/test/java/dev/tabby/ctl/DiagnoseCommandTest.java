package dev.tabby.ctl;

import static dev.tabby.ctl.TestNodes.block;
import static dev.tabby.ctl.TestNodes.condition;
import static dev.tabby.ctl.TestNodes.node;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tabby.api.v1.IPAMBlock;
import dev.tabby.api.v1.IPPool;
import dev.tabby.api.v1.IPPoolSpec;
import dev.tabby.api.v1.IPPoolStatus;
import dev.tabby.ctl.CannedEndpoint.Answer;
import dev.tabby.testbench.kube.CrudApiServer;
import dev.tabby.testbench.kube.KubeObjects;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * diagnose against the CRUD mock API server, a canned agent endpoint and CNI directories of its
 * own. The kernel, /proc/sys and firewall checks read this machine and are proven in system-tests'
 * DiagnoseIT, inside lab nodes.
 */
class DiagnoseCommandTest {

  private static final String PEERS =
      """
      {"routerId":"10.0.0.1","localAs":64512,"peers":[
        {"address":"10.0.0.2","as":64512,"type":"mesh","state":"Established","uptimeSeconds":9,
         "received":1,"accepted":1,"advertised":1,"lastError":null},
        {"address":"192.0.2.1","as":65000,"type":"ToR","state":"Active","uptimeSeconds":0,
         "received":0,"accepted":0,"advertised":0,"lastError":"connection refused"}]}
      """;

  @TempDir Path dir;

  private final KubernetesMockServer api = CrudApiServer.create();
  private KubernetesClient client;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeEach
  void startApi() {
    api.init();
    client = api.createClient();
  }

  @AfterEach
  void stopApi() {
    client.close();
    api.destroy();
  }

  private int run(String... args) {
    return TabbyCtl.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  @Test
  void eachClusterAndNodeFaultIsNamedWithAFixAndTheExitCodeIsOne() throws IOException {
    brokenCluster();
    Path conf = Files.createDirectories(dir.resolve("net.d"));
    Files.writeString(
        conf.resolve("10-tabby.conflist"),
        "{\"plugins\":[{\"type\":\"tabby\"},{\"type\":\"portmap\"}]}");
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Files.writeString(bin.resolve("tabby"), "#!/bin/sh\n");
    Files.setPosixFilePermissions(
        bin.resolve("tabby"), PosixFilePermissions.fromString("rwxr-xr-x"));

    int exit;
    try (CannedEndpoint agent = new CannedEndpoint(Map.of("/peers", Answer.ok(PEERS)))) {
      exit =
          run(
              "diagnose",
              "-o",
              "json",
              "--kubeconfig",
              TestKubeconfig.write(dir, "http://" + api.getHostName() + ":" + api.getPort()),
              "--node",
              "node1",
              "--endpoint",
              agent.uri(),
              "--cni-conf-dir",
              conf.toString(),
              "--cni-bin-dir",
              bin.toString());
    }

    assertThat(exit).isEqualTo(1);
    Map<String, JsonNode> checks = checks(out.toString());
    assertThat(result(checks, "nodes-ready")).isEqualTo("failed");
    assertThat(detail(checks, "nodes-ready"))
        .isEqualTo(
            "not Ready: node2 Ready=False (KubeletNotReady: container runtime network not ready)");
    assertThat(detail(checks, "agents-ready"))
        .isEqualTo("agent not ready on node2 has no NetworkUnavailable condition: no agent ready");
    assertThat(detail(checks, "node-blocks")).isEqualTo("no address block held by node2");
    assertThat(detail(checks, "pod-addresses"))
        .isEqualTo(
            "default/bad-pool-pod 10.245.0.9 is from IPPool overlapping, marked invalid: overlaps"
                + " the service range 10.245.0.0/16; default/stray 10.99.0.1 is in no IPPool");
    assertThat(result(checks, "cni-config")).isEqualTo("ok");
    assertThat(detail(checks, "cni-binaries")).isEqualTo(bin.resolve("tabby-ipam") + " is missing");
    assertThat(detail(checks, "bgp-sessions"))
        .isEqualTo("session down: 192.0.2.1 (ToR) is Active, last error: connection refused");
    for (String failed :
        List.of("nodes-ready", "agents-ready", "node-blocks", "pod-addresses", "cni-binaries")) {
      assertThat(checks.get(failed).path("fix").asString()).as(failed).isNotBlank();
    }
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void anUnreachableApiFailsTheClusterChecksWhileTheNodesOwnStillRun() throws IOException {
    String unreachable = TestKubeconfig.write(dir, "http://127.0.0.1:1");

    int exit =
        run(
            "diagnose",
            "--kubeconfig",
            unreachable,
            "--node",
            "node1",
            "--endpoint",
            "http://127.0.0.1:1",
            "--cni-conf-dir",
            dir.resolve("absent").toString());

    assertThat(exit).isEqualTo(1);
    assertThat(out.toString())
        .containsPattern("nodes-ready +FAILED +cannot reach the Kubernetes API")
        .containsPattern("cni-config +FAILED +" + dir.resolve("absent") + " does not exist")
        .containsPattern("bgp-sessions +FAILED +cannot reach http://127.0.0.1:1")
        .contains("How to fix:");
  }

  @Test
  void aBadOutputFormatIsAUsageError() {
    assertThat(run("diagnose", "-o", "xml")).isEqualTo(2);

    assertThat(err.toString())
        .startsWith("tabbyctl: Invalid value for option '--output': expected one of")
        .endsWith("(see: tabbyctl diagnose --help)\n");
  }

  /** node2 not Ready, without an agent, without a block; pods from an invalid pool and none. */
  private void brokenCluster() {
    client
        .nodes()
        .resource(
            node(
                "node1",
                condition("Ready", "True", "KubeletReady", null),
                condition("NetworkUnavailable", "False", "TabbyIsUp", null)))
        .create();
    client
        .nodes()
        .resource(
            node(
                "node2",
                condition(
                    "Ready", "False", "KubeletNotReady", "container runtime network not ready")))
        .create();
    client.resources(IPPool.class).resource(pool("default", "10.244.0.0/16", null)).create();
    client
        .resources(IPPool.class)
        .resource(pool("overlapping", "10.245.0.0/16", "overlaps the service range 10.245.0.0/16"))
        .create();
    client.resources(IPAMBlock.class).resource(block("10.244.0.0/26", "node1")).create();
    pod("good", "10.244.0.5");
    pod("bad-pool-pod", "10.245.0.9");
    pod("stray", "10.99.0.1");
  }

  private static IPPool pool(String name, String cidr, String invalid) {
    IPPool pool = new IPPool();
    pool.getMetadata().setName(name);
    IPPoolSpec spec = new IPPoolSpec();
    spec.setCidr(cidr);
    pool.setSpec(spec);
    if (invalid != null) {
      IPPoolStatus status = new IPPoolStatus();
      status.setConditions(
          List.of(
              new ConditionBuilder()
                  .withType("Valid")
                  .withStatus("False")
                  .withReason("Overlap")
                  .withMessage(invalid)
                  .build()));
      pool.setStatus(status);
    }
    return pool;
  }

  private void pod(String name, String address) {
    client
        .pods()
        .inNamespace("default")
        .resource(
            KubeObjects.pod("default", name).withNewStatus().withPodIP(address).endStatus().build())
        .create();
  }

  private static Map<String, JsonNode> checks(String document) {
    Map<String, JsonNode> checks = new TreeMap<>();
    for (JsonNode check : JsonMapper.builder().build().readTree(document).path("checks")) {
      checks.put(check.path("check").asString(), check);
    }
    return checks;
  }

  private static String result(Map<String, JsonNode> checks, String name) {
    return checks.get(name).path("result").asString();
  }

  private static String detail(Map<String, JsonNode> checks, String name) {
    return checks.get(name).path("detail").asString();
  }
}
