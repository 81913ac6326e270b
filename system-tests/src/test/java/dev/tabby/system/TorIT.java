package dev.tabby.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabby.testbench.Wait;
import io.fabric8.kubernetes.api.model.Node;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The tor topology: racks whose nodes peer by eBGP with a top-of-rack BIRD that installs every
 * block in its kernel and routes the pods' traffic between the racks. The lab is pointed with
 * {@code --kubeconfig} at an API server started separately, as a real cluster would be: the
 * stand-in, as its own process outside the lab, on this machine's loopback (the only address the
 * lab's own namespace can serve it on without adding one), which the nodes reach through the lab's
 * API relay.
 */
class TorIT {

  private static final Duration CONVERGENCE = Duration.ofSeconds(60);

  @Test
  void throughAKubeconfigTheRouterLearnsEveryBlockAndANodeAddedLaterIsReachable() throws Exception {
    Path root = SystemLabs.root();
    Path dir = Files.createTempDirectory("tabby-tor-it-api");
    Path kubeconfig = dir.resolve("kubeconfig");
    Process api = startApiServer(root, dir, kubeconfig);
    try (ClusterLab lab =
        ClusterLab.up(
            new ClusterLab.Options(2, Topology.tor, Optional.of(kubeconfig), root), System.out)) {
      LabReport report = new LabReport(lab, System.out);

      assertThat(report.run()).isEmpty();
      List<String> blocks = report.blocksByNode().values().stream().flatMap(List::stream).toList();
      assertThat(blocks).hasSize(2);
      blocks.forEach(block -> lab.tor().orElseThrow().awaitRoute(block));
      assertThat(lab.api().list(Node.class))
          .as("the Nodes live in the API server the kubeconfig names")
          .hasSize(2);

      LabNode node3 = lab.addNode();
      lab.awaitReady(node3);
      lab.addPods(node3, 1);

      List<String> node3Blocks = report.blocksByNode().get(node3.name());
      assertThat(node3Blocks).isNotEmpty();
      lab.tor().orElseThrow().awaitRoute(node3Blocks.get(0), CONVERGENCE);
      for (LabPod from : lab.pods()) {
        for (LabPod to : lab.pods()) {
          if (from != to) {
            Wait.until(
                from.name() + " reaches " + to.name() + " (" + to.address() + ")",
                CONVERGENCE,
                () -> LabReport.reaches(from, to));
          }
        }
      }
    } finally {
      api.destroy();
      api.waitFor();
    }
  }

  /** The API stand-in as its own process, on a free loopback port; returns once it answers. */
  private static Process startApiServer(Path root, Path dir, Path kubeconfig) throws IOException {
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    Process api =
        new ProcessBuilder(
                root.resolve("bin/run-module").toString(),
                "system-tests",
                ApiStandIn.class.getName(),
                "127.0.0.1",
                Integer.toString(port),
                kubeconfig.toString(),
                dir.resolve("control.sock").toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("api.log").toFile())
            .start();
    Wait.until(
        "the separately started API server to write " + kubeconfig + " (log: " + dir + "/api.log)",
        Duration.ofSeconds(120),
        () -> api.isAlive() && Files.exists(kubeconfig));
    return api;
  }
}
