package dev.tabby.ctl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabby.api.v1.IPAMHandle;
import dev.tabby.ipam.BlockAllocations;
import dev.tabby.net.IpAddress;
import dev.tabby.net.IpPrefix;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IpamReleaseCommandTest extends IpamScenarioTest {

  @Test
  void anAddressWhosePodIsGoneIsReleasedAndTheCheckIsThenClean() {
    cluster.deletePod(IpamScenario.NAMESPACE, "a2");
    IpAddress address = scenario.address("a2");

    assertThat(cluster.run("ipam", "release", "--ip", address.toString())).isZero();

    assertThat(cluster.out())
        .isEqualTo(
            "released "
                + address
                + " (block "
                + IpPrefix.containing(address, 30)
                + ", handle tabby.a2, pod ns/a2)\n");
    assertThat(holder(address)).isEmpty();
    assertThat(cluster.datastore.handles().get("tabby.a2")).isEmpty();
    assertThat(cluster.run("ipam", "check")).isZero();
  }

  @Test
  void anAddressALivePodUsesIsRefusedInOneLine() {
    IpAddress address = scenario.address("a0");

    assertThat(cluster.run("ipam", "release", "--ip", address.toString())).isEqualTo(1);

    assertThat(cluster.err())
        .isEqualTo(
            "tabbyctl: "
                + address
                + " is used by pod ns/a0 on node node1, which still exists; --force releases it"
                + " anyway\n");
    assertThat(holder(address)).contains("tabby.a0");
  }

  @Test
  void forceReleasesTheAddressOfALivePod() {
    IpAddress address = scenario.address("a4"); // borrowed from node2's block

    assertThat(cluster.run("ipam", "release", "--ip", address.toString(), "--force", "-o", "json"))
        .isZero();

    assertThat(cluster.out())
        .contains("\"address\" : \"" + address + "\"")
        .contains("\"pod\" : \"ns/a4\"")
        .contains("\"forced\" : true");
    assertThat(holder(address)).isEmpty();
    Optional<IPAMHandle> handle = cluster.datastore.handles().get("tabby.a4");
    assertThat(handle).isEmpty();
  }

  @Test
  void anAddressNotAllocatedIsSaidSo() {
    assertThat(cluster.run("ipam", "release", "--ip", "10.9.9.9")).isEqualTo(1);

    assertThat(cluster.err())
        .isEqualTo("tabbyctl: 10.9.9.9 is outside every IPPool; nothing to release\n");
  }

  @Test
  void withoutAnAddressItIsAUsageError() {
    assertThat(cluster.run("ipam", "release")).isEqualTo(2);

    assertThat(cluster.err())
        .isEqualTo(
            "tabbyctl: Missing required option: '--ip=ADDRESS' (see: tabbyctl ipam release"
                + " --help)\n");
  }

  /** The handle holding the address, if any. */
  private Optional<String> holder(IpAddress address) {
    return cluster.datastore.blocks().list().stream()
        .map(b -> new BlockAllocations(b.getSpec()).allocations().get(address))
        .filter(a -> a != null)
        .map(BlockAllocations.Allocation::handleId)
        .findFirst();
  }
}
