package dev.tabby.ipam;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabby.net.IpAddress;
import dev.tabby.net.IpPrefix;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two IPPools on one /24, one cut into /26 blocks and one into a single /24 block: the newer (here,
 * in the same second, the later name) is ignored, so no address is handed out twice.
 */
class OverlappingPoolsTest {
  private static final int ATTEMPTS = 300;

  @RegisterExtension final MockApiServer api = new MockApiServer();
  final KubernetesClient client = api.client();
  IpamFixture fx;

  @BeforeEach
  void setUp() {
    fx = new IpamFixture(client);
    fx.node("n1");
    fx.pool("a-blocks-26", "10.244.0.0/24", 26);
    fx.pool("b-blocks-24", "10.244.0.0/24", 24);
  }

  @Test
  void threeHundredAssignmentsOnOneNodeGiveNoDuplicate() {
    IpamAllocator ipam = fx.allocator();
    Set<IpAddress> seen = new HashSet<>();
    List<IpAddress> duplicates = new ArrayList<>();
    int exhausted = 0;
    for (int i = 0; i < ATTEMPTS; i++) {
      try {
        IpAddress a =
            ipam.assign(AssignRequest.ipv4("h" + i, "n1", "default", "p" + i)).get(0).address();
        if (!seen.add(a)) {
          duplicates.add(a);
        }
      } catch (AddressesExhaustedException e) {
        exhausted++;
      }
    }
    assertThat(duplicates).as("addresses assigned twice").isEmpty();
    // Only the older pool serves: four /26 blocks of 64 addresses.
    assertThat(seen).hasSize(256);
    assertThat(exhausted).isEqualTo(ATTEMPTS - 256);
    assertThat(fx.datastore.blocks().list())
        .extracting(b -> IpPrefix.parse(b.getSpec().getCidr()).length())
        .containsOnly(26);
    IpamReport report =
        new IpamChecker(fx.datastore, ClusterView.unlabelledNodes((ns, pod) -> true)).check();
    assertThat(report.ignoredPools())
        .singleElement()
        .satisfies(
            line ->
                assertThat(line)
                    .startsWith("IPPool b-blocks-24 is ignored: ")
                    .contains("overlaps IPPool a-blocks-26"));
    assertThat(report.toString()).contains("ignored pools (1)");
  }

  @Test
  void theWatchedConfigIgnoresTheNewerPoolToo() {
    try (WatchedIpamConfig config = new WatchedIpamConfig(client)) {
      IpamSnapshot snapshot = config.snapshot();
      assertThat(snapshot.pools()).extracting(p -> p.name()).containsExactly("a-blocks-26");
      assertThat(snapshot.ignoredPools()).containsOnlyKeys("b-blocks-24");
    }
  }
}
