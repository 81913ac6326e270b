package dev.tabby.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.tabby.api.v1.IPPool;
import dev.tabby.ipam.pool.PoolValidator;
import dev.tabby.net.IpPrefix;
import dev.tabby.testbench.kube.CrudApiServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The default pools, configured as the bundle's ConfigMap does, against the CRUD API server: made
 * only when the cluster has no IPPool.
 */
class DefaultPoolsTest {
  private KubernetesMockServer server;
  private KubernetesClient client;

  @BeforeEach
  void start() {
    server = CrudApiServer.create();
    server.init();
    client = server.createClient();
  }

  @AfterEach
  void stop() {
    client.close();
    server.destroy();
  }

  private static List<IPPool> configured(String... args) {
    PrintStream discard =
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    return Main.parse(args, discard, discard).defaultPools();
  }

  private List<IPPool> pools() {
    return client.resources(IPPool.class).list().getItems();
  }

  @Test
  void withNoPoolTheConfiguredOnesAreCreatedAndPassTheValidator() {
    List<IPPool> wanted =
        configured(
            "--identity=a",
            "--default-ipv4-pool-cidr=10.244.0.0/16",
            "--default-ipv6-pool-cidr=fd00:10:244::/56");

    new DefaultPools(client, wanted).createIfNone();

    assertThat(pools())
        .extracting(p -> p.getMetadata().getName(), p -> p.getSpec().getCidr())
        .containsExactlyInAnyOrder(
            tuple("default-ipv4", "10.244.0.0/16"), tuple("default-ipv6", "fd00:10:244::/56"));
    PoolValidator kubeadms = new PoolValidator(List.of(), List.of(IpPrefix.parse("10.96.0.0/12")));
    for (IPPool pool : pools()) {
      assertThat(kubeadms.problems(pool, pools())).as(pool.getMetadata().getName()).isEmpty();
      assertThat(pool.getSpec().getBlockSize()).isNotNull();
    }
  }

  @Test
  void withAnyPoolNothingIsCreatedOrChanged() {
    IPPool operators = IPPool.of("mine", "172.16.0.0/16", 24);
    client.resources(IPPool.class).resource(operators).create();
    String version = pools().get(0).getMetadata().getResourceVersion();

    new DefaultPools(client, configured("--identity=a", "--default-ipv4-pool-cidr=10.244.0.0/16"))
        .createIfNone();

    assertThat(pools())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.getMetadata().getName()).isEqualTo("mine");
              assertThat(p.getMetadata().getResourceVersion()).isEqualTo(version);
            });
  }
}
