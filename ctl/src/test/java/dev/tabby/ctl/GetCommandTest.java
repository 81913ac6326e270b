package dev.tabby.ctl;

import static dev.tabby.ctl.TestNodes.block;
import static dev.tabby.ctl.TestNodes.condition;
import static dev.tabby.ctl.TestNodes.node;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tabby.api.v1.BGPPeer;
import dev.tabby.api.v1.BGPPeerSpec;
import dev.tabby.api.v1.IPAMBlock;
import dev.tabby.api.v1.IPPool;
import dev.tabby.api.v1.IPPoolSpec;
import dev.tabby.api.v1.NodeBgpAnnotations;
import dev.tabby.testbench.kube.CrudApiServer;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GetCommandTest {

  @TempDir Path dir;

  private final KubernetesMockServer api = CrudApiServer.create();
  private KubernetesClient client;
  private String kubeconfig;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeEach
  void startApi() throws IOException {
    api.init();
    client = api.createClient();
    kubeconfig = writeKubeconfig("http://" + api.getHostName() + ":" + api.getPort());
  }

  @AfterEach
  void stopApi() {
    client.close();
    api.destroy();
  }

  private String writeKubeconfig(String server) throws IOException {
    return TestKubeconfig.write(dir, server);
  }

  private int run(String... args) {
    return TabbyCtl.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  @Test
  void ipPoolsAreListedWithTheirCidrAndBlockSize() {
    IPPool pool = new IPPool();
    pool.setMetadata(new ObjectMetaBuilder().withName("default-ipv4").build());
    IPPoolSpec spec = new IPPoolSpec();
    spec.setCidr("10.244.0.0/16");
    spec.setBlockSize(26);
    pool.setSpec(spec);
    client.resources(IPPool.class).resource(pool).create();

    assertThat(run("get", "ippools", "--kubeconfig", kubeconfig)).isZero();

    assertThat(out.toString())
        .containsPattern("NAME +CIDR +BLOCK SIZE +NODES +DISABLED +VALID")
        .containsPattern("default-ipv4 +10\\.244\\.0\\.0/16 +26 +all\\(\\) +false");
  }

  @Test
  void bgpPeersAreListedWithAddressAndAs() {
    BGPPeer peer = new BGPPeer();
    peer.setMetadata(new ObjectMetaBuilder().withName("rack1-tor").build());
    BGPPeerSpec spec = new BGPPeerSpec();
    spec.setPeerIP("192.168.1.254");
    spec.setAsNumber(65001L);
    spec.setNodeSelector("rack == 'rack1'");
    peer.setSpec(spec);
    client.resources(BGPPeer.class).resource(peer).create();

    assertThat(run("get", "bgppeers", "-o", "json", "--kubeconfig", kubeconfig)).isZero();

    assertThat(out.toString())
        .contains("\"name\" : \"rack1-tor\"")
        .contains("\"peerIP\" : \"192.168.1.254\"");
  }

  @Test
  void nodesShowTheirAsAddressBlocksAndTheAgentsReadiness() {
    Node node1 =
        node(
            "node1",
            condition("Ready", "True", "KubeletReady", null),
            condition("NetworkUnavailable", "False", "TabbyIsUp", null));
    node1
        .getMetadata()
        .setAnnotations(
            Map.of(
                NodeBgpAnnotations.IPV4_ADDRESS, "10.0.0.1/24",
                NodeBgpAnnotations.AS_NUMBER, "64513"));
    client.nodes().resource(node1).create();
    client
        .nodes()
        .resource(new NodeBuilder().withNewMetadata().withName("node2").endMetadata().build())
        .create();
    client
        .nodes()
        .resource(
            node(
                "node3",
                condition("Ready", "True", "KubeletReady", null),
                condition("NetworkUnavailable", "True", "TabbyIsDown", null)))
        .create();
    for (String cidr : new String[] {"10.244.0.0/26", "10.244.0.64/26"}) {
      client.resources(IPAMBlock.class).resource(block(cidr, "node1")).create();
    }

    assertThat(run("get", "nodes", "--kubeconfig", kubeconfig)).isZero();

    assertThat(out.toString())
        .containsPattern("NAME +AS +IPV4 ADDRESS +IPV6 ADDRESS +BLOCKS +READY")
        .containsPattern("node1 +64513 +10\\.0\\.0\\.1/24 +2 +True")
        .containsPattern("node2 +\\(cluster\\) +0 +Unknown")
        .containsPattern("node3 +\\(cluster\\) +0 +False");
  }

  @Test
  void anUnknownKindIsAUsageError() {
    assertThat(run("get", "pods", "--kubeconfig", kubeconfig)).isEqualTo(2);

    assertThat(err.toString())
        .startsWith("tabbyctl: Invalid value for positional parameter at index 0 (KIND)")
        .endsWith("(see: tabbyctl get --help)\n");
  }

  @Test
  void anUnreachableApiServerIsOneLineAndExitCodeThree() throws IOException {
    String unreachable = writeKubeconfig("http://127.0.0.1:1");

    assertThat(run("get", "nodes", "--kubeconfig", unreachable)).isEqualTo(3);

    assertThat(err.toString()).startsWith("tabbyctl: cannot reach the Kubernetes API");
    assertThat(err.toString().lines()).hasSize(1);
  }

  @Test
  void aMissingKubeconfigIsOneLine() {
    assertThat(run("get", "nodes", "--kubeconfig", dir.resolve("absent").toString())).isEqualTo(1);

    assertThat(err.toString()).startsWith("tabbyctl: cannot read kubeconfig ");
    assertThat(err.toString().lines()).hasSize(1);
  }
}
