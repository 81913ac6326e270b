package dev.tabby.ctl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabby.api.v1.BGPPeer;
import dev.tabby.api.v1.IPPool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DeleteCommandTest extends MockClusterTest {

  @Test
  void deletesByKindAndName() {
    cluster.pool("spare", "10.250.0.0/16", 26);

    assertThat(cluster.run("delete", "ippools", "spare")).isZero();

    assertThat(cluster.out()).isEqualTo("ippool \"spare\" deleted\n");
    assertThat(cluster.client.resources(IPPool.class).withName("spare").get()).isNull();
  }

  @Test
  void aPoolWhoseBlocksHoldAddressesIsRefusedUnlessForced() {
    new IpamScenario(cluster);

    assertThat(cluster.run("delete", "ippool", "tiny")).isEqualTo(1);
    assertThat(cluster.err())
        .isEqualTo(
            "tabbyctl: ippool \"tiny\" still has addresses in use: 2 blocks hold 6 addresses"
                + " (first 10.244.0.0/30); delete their pods first, or --force (the pool then gives"
                + " no new addresses and goes once they are released); nothing was deleted\n");
    assertThat(cluster.client.resources(IPPool.class).withName("tiny").get()).isNotNull();

    assertThat(cluster.run("delete", "ippool", "tiny", "--force", "-o", "json")).isZero();
    assertThat(cluster.out())
        .contains("\"kind\" : \"IPPool\"")
        .contains("\"action\" : \"deleted\"");
    assertThat(cluster.client.resources(IPPool.class).withName("tiny").get()).isNull();
  }

  @Test
  void deletesWhatAFileNamesAndNothingWhenOneIsMissing() throws IOException {
    cluster.pool("spare", "10.250.0.0/16", 26);
    Path file = dir.resolve("r.yaml");
    Files.writeString(
        file,
        """
        apiVersion: tabby.dev/v1
        kind: IPPool
        metadata: {name: spare}
        spec: {cidr: 10.250.0.0/16}
        ---
        apiVersion: tabby.dev/v1
        kind: BGPPeer
        metadata: {name: tor}
        spec: {peerIP: 192.168.0.254, asNumber: 65001}
        """);

    assertThat(cluster.run("delete", "-f", file.toString())).isEqualTo(1);
    assertThat(cluster.err())
        .isEqualTo("tabbyctl: bgppeer \"tor\" not found; nothing was deleted\n");
    assertThat(cluster.client.resources(IPPool.class).withName("spare").get()).isNotNull();

    assertThat(cluster.run("apply", "-f", file.toString())).isZero();
    assertThat(cluster.run("delete", "-f", file.toString())).isZero();
    assertThat(cluster.out()).isEqualTo("ippool \"spare\" deleted\nbgppeer \"tor\" deleted\n");
    assertThat(cluster.client.resources(BGPPeer.class).withName("tor").get()).isNull();
  }

  @Test
  void anUnknownKindIsAUsageError() {
    assertThat(cluster.run("delete", "pods", "x")).isEqualTo(2);

    assertThat(cluster.err())
        .startsWith(
            "tabbyctl: Invalid value for positional parameter at index 0 (KIND): 'pods' is"
                + " not a Tabby resource kind (IPPool, BGPPeer, BGPConfiguration, BGPFilter)")
        .endsWith("(see: tabbyctl delete --help)\n");
  }

  @Test
  void aKindWithoutANameIsAUsageError() {
    assertThat(cluster.run("delete", "ippool")).isEqualTo(2);

    assertThat(cluster.err()).endsWith("(see: tabbyctl delete --help)\n");
  }
}
