package dev.tabby.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The tor topology: two racks, each node peering by eBGP with a top-of-rack BIRD that installs
 * every block in its kernel and routes the pods' traffic between the racks.
 */
class TorIT {

  @Test
  void theRouterLearnsEveryBlockAndRoutesPodsBetweenRacks() {
    Path root = Path.of(System.getProperty("tabby.root", "..")).toAbsolutePath().normalize();
    try (ClusterLab lab =
        ClusterLab.up(
            new ClusterLab.Options(2, Topology.tor, Optional.empty(), root), System.out)) {
      LabReport report = new LabReport(lab, System.out);

      List<String> failures = report.run();

      assertThat(failures).isEmpty();
      List<String> blocks = report.blocksByNode().values().stream().flatMap(List::stream).toList();
      assertThat(blocks).hasSize(2);
      blocks.forEach(block -> lab.tor().orElseThrow().awaitRoute(block));
    }
  }
}
