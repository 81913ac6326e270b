package dev.tabby.ipam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tabby.api.v1.IPPool;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A malformed pool is skipped and reported; the good pools keep serving. */
class MalformedPoolsTest {
  @RegisterExtension final MockApiServer api = new MockApiServer();
  final KubernetesClient client = api.client();
  IpamFixture fx;

  @BeforeEach
  void setUp() {
    fx = new IpamFixture(client);
    fx.node("linux-node", Map.of("kubernetes.io/os", "linux"));
    fx.node("windows-node", Map.of("kubernetes.io/os", "windows"));
  }

  private void poolWithSelector(String name, String cidr, String selector) {
    IPPool p = fx.pool(name, cidr, null);
    p.getSpec().setNodeSelector(selector);
    fx.datastore.pools().update(p);
  }

  private String assign(IpamAllocator ipam, String node) {
    return ipam.assign(AssignRequest.ipv4("h-" + node, node, "default", "p"))
        .get(0)
        .address()
        .toString();
  }

  private void malformedPools() {
    fx.pool("unmasked", "10.1.0.1/16", null);
    IPPool noSpec = new IPPool();
    noSpec.setMetadata(new ObjectMetaBuilder().withName("no-spec").build());
    fx.datastore.pools().create(noSpec);
    poolWithSelector("unreadable-selector", "10.3.0.0/16", "kubernetes.io/os == 'linux");
  }

  @Test
  void aCalicoStyleQuotedSelectorServesTheNodesItSelects() {
    poolWithSelector("linux", "10.244.0.0/16", "kubernetes.io/os == 'linux'");
    IpamAllocator ipam = fx.allocator();
    assertThat(assign(ipam, "linux-node")).startsWith("10.244.");
    assertThatThrownBy(() -> assign(ipam, "windows-node"))
        .isInstanceOf(AddressesExhaustedException.class)
        .hasMessageContaining("nodeSelector kubernetes.io/os == 'linux', which the node's labels");
  }

  @Test
  void badPoolsAreSkippedAndTheGoodOnesServeThroughTheDirectSource() {
    malformedPools();
    fx.pool("good", "10.244.0.0/16", null);
    assertThat(assign(fx.allocator(), "linux-node")).startsWith("10.244.");
    IpamReport report = new IpamChecker(fx.datastore, fx.cluster).check();
    assertThat(report.ignoredPools())
        .containsExactlyInAnyOrder(
            "IPPool no-spec is ignored: spec is missing",
            "IPPool unmasked is ignored: prefix 10.1.0.1/16 has host bits set: did you mean"
                + " 10.1.0.0/16?",
            "IPPool unreadable-selector is ignored: node selector 'kubernetes.io/os == 'linux'"
                + " cannot be read at position 21 (''linux'): the quoted value starting here is"
                + " never closed");
  }

  @Test
  void badPoolsAreSkippedAndTheGoodOnesServeThroughTheWatchedSource() {
    malformedPools();
    fx.pool("good", "10.244.0.0/16", null);
    try (WatchedIpamConfig config = new WatchedIpamConfig(client)) {
      IpamAllocator ipam =
          new IpamAllocator(fx.datastore, fx.cluster, config, IpamFixture.quickRetry());
      assertThat(assign(ipam, "windows-node")).startsWith("10.244.");
    }
  }

  @Test
  void whenOnlyBadPoolsAreLeftTheErrorSaysWhyEachIsIgnored() {
    malformedPools();
    assertThatThrownBy(() -> assign(fx.allocator(), "linux-node"))
        .isInstanceOf(AddressesExhaustedException.class)
        .hasMessageStartingWith("no IPv4 IPPool gives node linux-node addresses: ")
        .hasMessageContaining("IPPool no-spec is ignored: spec is missing")
        .hasMessageContaining("IPPool unmasked is ignored: prefix 10.1.0.1/16 has host bits set");
  }
}
