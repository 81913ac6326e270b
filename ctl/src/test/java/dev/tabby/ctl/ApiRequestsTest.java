package dev.tabby.ctl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The API requests each ipam, apply, delete and diagnose command makes, as ctl/README.md lists them
 * for the operator's RBAC.
 */
class ApiRequestsTest extends IpamScenarioTest {

  @Test
  void ipamShow() throws InterruptedException {
    assertThat(cluster.requestsOf("ipam", "show", "--show-blocks", "--show-borrowed"))
        .containsExactly("list ippools", "list ipamblocks");
  }

  @Test
  void ipamCheck() throws InterruptedException {
    assertThat(cluster.requestsOf("ipam", "check"))
        .containsExactlyInAnyOrder(
            "list nodes",
            "list pods",
            "list ippools",
            "list ipamblocks",
            "list blockaffinities",
            "list ipamhandles");
  }

  @Test
  void ipamRelease() throws InterruptedException {
    cluster.deletePod(IpamScenario.NAMESPACE, "a1");

    assertThat(cluster.requestsOf("ipam", "release", "--ip", scenario.address("a1").toString()))
        .containsExactlyInAnyOrder(
            "list ippools",
            "list ipamblocks",
            "get nodes",
            "get pods",
            // the allocator's release path, as garbage collection takes it
            "get ipamconfigs",
            "list ipreservations",
            "get ipamblocks",
            "update ipamblocks",
            "get ipamhandles",
            "update ipamhandles",
            "delete ipamhandles");
  }

  @Test
  void applyAndDelete() throws InterruptedException, IOException {
    Path file = dir.resolve("r.yaml");
    Files.writeString(
        file,
        """
        apiVersion: tabby.dev/v1
        kind: IPPool
        metadata: {name: spare}
        spec: {cidr: 10.250.0.0/16}
        """);

    assertThat(cluster.requestsOf("apply", "-f", file.toString()))
        .containsExactlyInAnyOrder(
            "list ippools", "list nodes", "list ipamblocks", "get ippools", "create ippools");
    assertThat(cluster.requestsOf("delete", "-f", file.toString()))
        .containsExactlyInAnyOrder("get ippools", "list ipamblocks", "delete ippools");
  }

  @Test
  void diagnose() throws InterruptedException {
    assertThat(
            cluster.requestsOf(
                "diagnose",
                "--node",
                "n1",
                "--endpoint",
                "http://127.0.0.1:1",
                "--cni-conf-dir",
                dir.resolve("absent").toString()))
        .containsExactlyInAnyOrder("list nodes", "list ippools", "list ipamblocks", "list pods");
  }
}
