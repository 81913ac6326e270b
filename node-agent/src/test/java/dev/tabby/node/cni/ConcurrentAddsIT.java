package dev.tabby.node.cni;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabby.testbench.Host;
import dev.tabby.testbench.cni.PluginRun;
import dev.tabby.testbench.cni.Sandbox;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Many pods started at once on one node, as a kubelet does: 50 plugin processes in parallel. */
class ConcurrentAddsIT extends CniLabTest {
  private static final int PODS = 50;

  @Test
  void fiftyConcurrentAddsGetFiftyDistinctAddressesAndFiftyDelsLeaveNothing() throws Exception {
    Map<String, Object> conflist = cni.conflist();
    List<Sandbox> sandboxes = new ArrayList<>();
    for (int i = 0; i < PODS; i++) {
      Host pod = cni.pod("pod-" + i);
      sandboxes.add(Sandbox.of(pod, "container-" + i));
    }
    ExecutorService runtimeThreads = Executors.newFixedThreadPool(PODS);
    try {
      List<Future<Map<String, Object>>> adds = new ArrayList<>();
      for (Sandbox sandbox : sandboxes) {
        adds.add(runtimeThreads.submit(() -> cni.runtime.add(conflist, sandbox)));
      }
      List<Map<String, Object>> results = new ArrayList<>();
      List<String> addresses = new ArrayList<>();
      for (Future<Map<String, Object>> add : adds) {
        results.add(add.get());
        addresses.add(CniResultsView.firstAddress(results.get(results.size() - 1)));
      }
      assertThat(new HashSet<>(addresses)).hasSize(PODS);
      assertThat(new HashSet<>(CniResultsView.allocatedAddresses(cni.datastore)))
          .isEqualTo(new HashSet<>(addresses));
      assertThat(cni.hostVeths().split(" ")).hasSize(PODS);

      List<Future<PluginRun>> dels = new ArrayList<>();
      for (int i = 0; i < PODS; i++) {
        Sandbox sandbox = sandboxes.get(i);
        Map<String, Object> result = results.get(i);
        dels.add(runtimeThreads.submit(() -> cni.runtime.del(conflist, sandbox, result)));
      }
      for (Future<PluginRun> del : dels) {
        del.get().orThrow();
      }
    } finally {
      runtimeThreads.shutdownNow();
    }
    assertThat(CniResultsView.allocatedAddresses(cni.datastore)).isEmpty();
    assertThat(cni.datastore.handles().list()).isEmpty();
    assertThat(cni.hostVeths()).isEmpty();
    try (Stream<java.nio.file.Path> records = Files.list(cni.stateDir)) {
      assertThat(records).isEmpty();
    }
  }
}
