package dev.tabby.ipam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tabby.api.v1.IPPool;
import dev.tabby.ipam.PoolFinalizer.Outcome;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true, https = false)
class PoolFinalizerTest {
  KubernetesClient client;
  IpamFixture fx;
  IpamAllocator ipam;
  PoolFinalizer finalizer;

  @BeforeEach
  void setUp() {
    fx = new IpamFixture(client);
    ipam = fx.allocator();
    finalizer =
        new PoolFinalizer(fx.datastore, new BlockReleaser(fx.datastore, IpamFixture.quickRetry()));
    fx.node("n1");
    fx.pool("main", "10.244.0.0/24", 28);
  }

  private IPPool stored() {
    return fx.datastore.pools().get("main").orElseThrow();
  }

  @Test
  void aPoolInUseStaysUntilItsBlocksAreEmpty() {
    assertThat(finalizer.reconcileAll()).isEqualTo(Map.of("main", Outcome.GUARDED));
    assertThat(stored().getMetadata().getFinalizers()).containsExactly(PoolFinalizer.FINALIZER);
    assertThat(finalizer.reconcile("main"))
        .as("a second pass changes nothing")
        .isEqualTo(Outcome.GUARDED);

    Assignment a = ipam.assign(AssignRequest.ipv4("h1", "n1", "default", "p1")).get(0);
    ipam.assign(AssignRequest.ipv4("h2", "n1", "default", "p2"));
    fx.datastore.pools().delete("main");
    assertThat(stored().getMetadata().getDeletionTimestamp()).as("deletion pending").isNotNull();

    assertThat(finalizer.reconcile("main")).isEqualTo(Outcome.HELD);
    assertThatThrownBy(() -> ipam.assign(AssignRequest.ipv4("h3", "n1", "default", "p3")))
        .as("a pool being deleted gives no new address")
        .hasMessageContaining("IPPool main (10.244.0.0/24) is disabled");

    ipam.releaseByHandle("h1");
    assertThat(finalizer.reconcile("main")).isEqualTo(Outcome.HELD);
    ipam.releaseAddress(fx.storedAllocations().keySet().iterator().next(), null);
    assertThat(a.block().toString())
        .isEqualTo(fx.datastore.blocks().list().get(0).getSpec().getCidr());

    assertThat(finalizer.reconcile("main")).isEqualTo(Outcome.RELEASED);
    assertThat(fx.datastore.pools().get("main")).as("the API server removed the pool").isEmpty();
    assertThat(fx.datastore.blocks().list()).as("its empty block was released").isEmpty();
    assertThat(fx.datastore.affinities().list()).isEmpty();
    assertThat(finalizer.reconcile("main")).isEqualTo(Outcome.NOTHING);
  }
}
