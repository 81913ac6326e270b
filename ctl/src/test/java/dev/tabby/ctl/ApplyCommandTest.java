package dev.tabby.ctl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabby.api.v1.BGPPeer;
import dev.tabby.api.v1.IPPool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ApplyCommandTest extends MockClusterTest {

  private static final String POOL_AND_PEER =
      """
      apiVersion: tabby.dev/v1
      kind: IPPool
      metadata:
        name: a
      spec:
        cidr: 10.244.0.0/16
        blockSize: 26
      ---
      apiVersion: tabby.dev/v1
      kind: BGPPeer
      metadata:
        name: tor
      spec:
        peerIP: 192.168.0.254
        asNumber: 65001
      """;

  @Test
  void createsEveryDocumentOfAYamlFile() throws IOException {
    assertThat(cluster.run("apply", "-f", file("a.yaml", POOL_AND_PEER))).isZero();

    assertThat(cluster.out()).isEqualTo("ippool \"a\" created\nbgppeer \"tor\" created\n");
    assertThat(cluster.client.resources(IPPool.class).withName("a").get().getSpec().getCidr())
        .isEqualTo("10.244.0.0/16");
    assertThat(
            cluster.client.resources(BGPPeer.class).withName("tor").get().getSpec().getAsNumber())
        .isEqualTo(65001L);
  }

  @Test
  void updatesOverTheStoredVersionKeepingItsFinalizersAndReportsUnchanged() throws IOException {
    cluster.run("apply", "-f", file("a.yaml", POOL_AND_PEER));
    IPPool stored = cluster.client.resources(IPPool.class).withName("a").get();
    stored.getMetadata().setFinalizers(List.of("tabby.dev/ipam"));
    cluster.client.resource(stored).update();

    String changed = POOL_AND_PEER.replace("blockSize: 26", "blockSize: 27");
    assertThat(cluster.run("apply", "-f", file("a.yaml", changed), "-o", "json")).isZero();

    assertThat(cluster.out())
        .contains("\"name\" : \"a\"")
        .contains("\"action\" : \"configured\"")
        .contains("\"action\" : \"unchanged\"");
    IPPool updated = cluster.client.resources(IPPool.class).withName("a").get();
    assertThat(updated.getSpec().getBlockSize()).isEqualTo(27);
    assertThat(updated.getMetadata().getFinalizers()).containsExactly("tabby.dev/ipam");
  }

  @Test
  void anOverlappingPoolIsRefusedNamingTheOverlapAndNothingIsWritten() throws IOException {
    cluster.pool("a", "10.244.0.0/16", 26);
    String file =
        file(
            "b.yaml",
            POOL_AND_PEER.replace("name: a", "name: b").replace("10.244.0.0/16", "10.244.1.0/24"));

    assertThat(cluster.run("apply", "-f", file)).isEqualTo(1);

    assertThat(cluster.err())
        .isEqualTo(
            "tabbyctl: "
                + file
                + ": ippool \"b\" is refused: cidr 10.244.1.0/24 overlaps IPPool a (10.244.0.0/16);"
                + " nothing was applied\n");
    assertThat(cluster.client.resources(IPPool.class).withName("b").get()).isNull();
    assertThat(cluster.client.resources(BGPPeer.class).withName("tor").get()).isNull();
  }

  @Test
  void aPoolOverANodeAddressOrTheServiceRangeIsRefused() throws IOException {
    cluster.node("node1", "10.244.7.1");
    String overNode = file("n.yaml", POOL_AND_PEER);
    assertThat(cluster.run("apply", "-f", overNode)).isEqualTo(1);
    assertThat(cluster.err())
        .contains("cidr 10.244.0.0/16 overlaps the InternalIP 10.244.7.1 of node node1");

    String overServices = file("s.yaml", POOL_AND_PEER.replace("10.244.0.0/16", "10.96.0.0/16"));
    assertThat(cluster.run("apply", "-f", overServices)).isEqualTo(1);
    assertThat(cluster.err()).contains("overlaps the service CIDR 10.96.0.0/12");

    assertThat(
            cluster.run(
                "apply",
                "-f",
                overServices,
                "--service-cluster-ip-range",
                "172.20.0.0/16,fd00:96::/108"))
        .isZero();
  }

  @Test
  void anUnknownFieldIsOneLineNamingIt() throws IOException {
    String file = file("typo.yaml", POOL_AND_PEER.replace("cidr:", "cidrr:"));

    assertThat(cluster.run("apply", "-f", file)).isEqualTo(1);

    assertThat(cluster.err())
        .isEqualTo(
            "tabbyctl: " + file + ": document 1 (ippool \"a\"): unknown field \"spec.cidrr\"\n");
  }

  @Test
  void jsonFilesAndOtherKindsAreReadToo() throws IOException {
    String json =
        """
        [{"apiVersion": "tabby.dev/v1", "kind": "BGPConfiguration",
          "metadata": {"name": "default"}, "spec": {"asNumber": 64512}},
         {"apiVersion": "tabby.dev/v1", "kind": "BGPFilter", "metadata": {"name": "f"}, "spec": {}}]
        """;

    assertThat(cluster.run("apply", "-f", file("c.json", json))).isZero();

    assertThat(cluster.out())
        .isEqualTo("bgpconfiguration \"default\" created\nbgpfilter \"f\" created\n");
  }

  @Test
  void aForeignKindIsRefused() throws IOException {
    String file = file("pod.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\n");

    assertThat(cluster.run("apply", "-f", file)).isEqualTo(1);

    assertThat(cluster.err())
        .isEqualTo(
            "tabbyctl: "
                + file
                + ": document 1: kind \"Pod\" is not a Tabby resource (IPPool, BGPPeer,"
                + " BGPConfiguration, BGPFilter)\n");
  }

  @Test
  void badArgumentsAreUsageErrors() throws IOException {
    assertThat(cluster.run("apply")).isEqualTo(2);
    assertThat(cluster.err()).startsWith("tabbyctl: Missing required option: '--filename=FILE'");

    String file = file("a.yaml", POOL_AND_PEER);
    assertThat(cluster.run("apply", "-f", file, "--service-cluster-ip-range", "10.96.0.0/33"))
        .isEqualTo(2);
    assertThat(cluster.err())
        .startsWith("tabbyctl: Invalid value for option '--service-cluster-ip-range'")
        .endsWith("(see: tabbyctl apply --help)\n");
  }

  private String file(String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, text);
    return file.toString();
  }
}
