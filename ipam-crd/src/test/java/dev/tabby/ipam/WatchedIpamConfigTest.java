package dev.tabby.ipam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tabby.api.v1.IPPool;
import dev.tabby.ipam.pool.Pool;
import dev.tabby.testbench.Wait;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Pool edits reach an allocator fed by informers without it asking the API server for pools. */
class WatchedIpamConfigTest {
  @RegisterExtension final MockApiServer api = new MockApiServer();
  final KubernetesClient client = api.client();

  private static void await(WatchedIpamConfig config, String expected, Predicate<IpamSnapshot> ok) {
    Wait.until(expected, Duration.ofSeconds(20), config::snapshot, ok);
  }

  @Test
  void poolEditsArriveThroughTheWatch() throws Exception {
    IpamFixture fx = new IpamFixture(client);
    fx.node("node-a");
    try (WatchedIpamConfig config = new WatchedIpamConfig(client)) {
      IpamAllocator ipam =
          new IpamAllocator(fx.datastore, fx.cluster, config, IpamFixture.quickRetry());
      IPPool pool = fx.pool("main", "10.244.0.0/16", null);
      await(config, "pool main", s -> s.pools().stream().map(Pool::name).toList().contains("main"));
      assertThat(ipam.assign(AssignRequest.ipv4("h1", "node-a", "default", "p1")).get(0).address())
          .satisfies(a -> assertThat(a.toString()).startsWith("10.244."));

      pool = fx.datastore.pools().get("main").orElseThrow();
      pool.getSpec().setDisabled(true);
      fx.datastore.pools().update(pool);
      await(config, "pool main disabled", s -> s.pools().stream().allMatch(Pool::disabled));
      assertThatThrownBy(() -> ipam.assign(AssignRequest.ipv4("h2", "node-a", "default", "p2")))
          .isInstanceOf(AddressesExhaustedException.class)
          .hasMessageContaining("IPPool main (10.244.0.0/16) is disabled");
    }
  }
}
