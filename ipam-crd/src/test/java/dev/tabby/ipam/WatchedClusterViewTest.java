package dev.tabby.ipam;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabby.testbench.Wait;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Node labels come from the watch, not from a GET per assignment. */
class WatchedClusterViewTest {
  @RegisterExtension final MockApiServer api = new MockApiServer();
  final KubernetesClient client = api.client();
  final KubernetesMockServer server = api.server();

  private static void awaitLabels(WatchedClusterView view, Map<String, String> expected) {
    Wait.until(
        "node-a's labels " + expected,
        Duration.ofSeconds(20),
        () -> view.nodeLabels("node-a").orElse(Map.of()),
        expected::equals);
  }

  @Test
  void labelsAndTheirEditsArriveThroughTheWatch() throws Exception {
    IpamFixture fx = new IpamFixture(client);
    fx.node("node-a", Map.of("zone", "a"));
    fx.pool("main", "10.244.0.0/16", 26);
    try (WatchedClusterView view = new WatchedClusterView(client)) {
      awaitLabels(view, Map.of("zone", "a"));
      IpamAllocator ipam = new IpamAllocator(fx.datastore, view, IpamFixture.quickRetry());
      IpamFixture.requestsSince(server);
      for (int i = 0; i < 3; i++) {
        ipam.assign(AssignRequest.ipv4("h" + i, "node-a", "default", "p" + i));
      }
      assertThat(IpamFixture.requestsSince(server))
          .as("requests made for three assignments")
          .isNotEmpty()
          .noneMatch(r -> r.startsWith("GET /api/v1/nodes"));

      client
          .nodes()
          .withName("node-a")
          .edit(
              n -> {
                n.getMetadata().getLabels().put("zone", "b");
                return n;
              });
      awaitLabels(view, Map.of("zone", "b"));
    }
  }

  @Test
  void aNodeTheWatchHasNotDeliveredIsLookedUpDirectly() throws Exception {
    IpamFixture fx = new IpamFixture(client);
    try (WatchedClusterView view = new WatchedClusterView(client)) {
      assertThat(view.nodeLabels("node-a")).isEmpty();
      fx.node("node-a", Map.of("zone", "a"));
      // Asked at once: whether or not the watch delivered it yet, the node is found.
      assertThat(view.nodeLabels("node-a")).contains(Map.of("zone", "a"));
    }
  }
}
