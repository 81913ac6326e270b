package dev.tabby.ipam.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tabby.api.v1.IPAMHandle;
import dev.tabby.api.v1.IPAMHandleSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true, https = false)
class KubernetesResourceStoreTest {
  KubernetesClient client;

  private static IPAMHandle handle(String name) {
    IPAMHandle h = new IPAMHandle();
    h.setMetadata(new ObjectMetaBuilder().withName(name).build());
    h.setSpec(new IPAMHandleSpec(name));
    return h;
  }

  @Test
  void createIsACompareAndSwapOnTheName() {
    var store = new KubernetesResourceStore<>(client, IPAMHandle.class);
    store.create(handle("h1"));
    assertThatThrownBy(() -> store.create(handle("h1")))
        .isInstanceOf(ConflictException.class)
        .hasMessage("IPAMHandle h1 already exists");
  }

  @Test
  void updateOfAStaleCopyConflicts() {
    var store = new KubernetesResourceStore<>(client, IPAMHandle.class);
    IPAMHandle created = store.create(handle("h2"));
    IPAMHandle stale = store.get("h2").orElseThrow();
    created.getSpec().getBlock().put("10.0.0.0/26", 1);
    store.update(created);
    stale.getSpec().getBlock().put("10.0.0.64/26", 1);
    assertThatThrownBy(() -> store.update(stale))
        .isInstanceOf(ConflictException.class)
        .hasMessage("IPAMHandle h2 changed since it was read");
    assertThat(store.delete("h2")).isTrue();
    assertThat(store.delete("h2")).isFalse();
    assertThatThrownBy(() -> store.update(created))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("IPAMHandle h2");
  }

  @Test
  void retryGivesUpNamingTheObjectThatKeptConflicting() {
    var retry = new ConflictRetry(3, Duration.ofNanos(1000), Duration.ofNanos(1000));
    AtomicInteger calls = new AtomicInteger();
    assertThatThrownBy(
            () ->
                retry.run(
                    "assigning an address",
                    () -> {
                      calls.incrementAndGet();
                      throw new ConflictException("IPAMBlock", "10-0-0-0-26", "changed");
                    }))
        .isInstanceOf(ConflictRetriesExhaustedException.class)
        .hasMessageStartingWith(
            "gave up assigning an address after 3 attempts: IPAMBlock 10-0-0-0-26 kept conflicting");
    assertThat(calls).hasValue(3);
    assertThat(retry.conflictsRetried()).isEqualTo(2);
    assertThat(retry.run("x", () -> "done")).isEqualTo("done");
  }
}
