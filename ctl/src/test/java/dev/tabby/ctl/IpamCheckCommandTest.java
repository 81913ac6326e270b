package dev.tabby.ctl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabby.ipam.BlockAllocations;
import dev.tabby.net.IpPrefix;
import org.junit.jupiter.api.Test;

class IpamCheckCommandTest extends IpamScenarioTest {

  @Test
  void consistentIpamIsExitCodeZero() {
    assertThat(cluster.run("ipam", "check")).isZero();
    assertThat(cluster.out()).isEqualTo("IPAM is consistent.\n");

    assertThat(cluster.run("ipam", "check", "-o", "json")).isZero();
    assertThat(cluster.out()).contains("\"consistent\" : true").contains("\"problems\" : [ ]");
  }

  @Test
  void anAddressWhosePodIsGoneIsReportedWithItsFixAndChangesNothing() {
    cluster.deletePod(IpamScenario.NAMESPACE, "a1");
    String address = scenario.address("a1").toString();

    assertThat(cluster.run("ipam", "check")).isEqualTo(1);

    assertThat(cluster.out())
        .isEqualTo(
            "IPAM is inconsistent: 1 problem.\n"
                + "unused address: "
                + address
                + " (handle tabby.a1) belongs to pod ns/a1, which no longer exists -> release it:"
                + " tabbyctl ipam release --ip ADDRESS, or let tabby-controller release it after"
                + " its grace period\n");
    assertThat(allocated()).isEqualTo(6); // the check released nothing
  }

  @Test
  void jsonListsEachProblemWithKindAndFix() {
    cluster.deletePod(IpamScenario.NAMESPACE, "b0");

    assertThat(cluster.run("ipam", "check", "-o", "json")).isEqualTo(1);

    assertThat(cluster.out())
        .contains("\"consistent\" : false")
        .contains("\"kind\" : \"unused address\"")
        .contains("belongs to pod ns/b0, which no longer exists")
        .contains("\"fix\" : \"release it:");
  }

  @Test
  void anAffinityWithoutItsBlockIsReported() {
    String block = IpPrefix.containing(scenario.address("b0"), 30).toString();
    cluster.datastore.blocks().delete(block.replace('.', '-').replace('/', '-'));

    assertThat(cluster.run("ipam", "check")).isEqualTo(1);

    assertThat(cluster.out())
        .contains("affinity: node node2 has a confirmed affinity for missing block " + block)
        .contains("-> delete the BlockAffinity");
  }

  @Test
  void anUnknownOptionIsAUsageError() {
    assertThat(cluster.run("ipam", "check", "--fix")).isEqualTo(2);

    assertThat(cluster.err())
        .isEqualTo("tabbyctl: Unknown option: '--fix' (see: tabbyctl ipam check --help)\n");
  }

  private int allocated() {
    return cluster.datastore.blocks().list().stream()
        .mapToInt(b -> new BlockAllocations(b.getSpec()).allocatedCount())
        .sum();
  }
}
