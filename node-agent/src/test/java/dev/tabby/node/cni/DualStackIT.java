package dev.tabby.node.cni;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabby.testbench.ExecResult;
import dev.tabby.testbench.Host;
import dev.tabby.testbench.Wait;
import dev.tabby.testbench.cni.Sandbox;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Dual-stack pods: an IPv4 and an IPv6 address each, both families routed through the node. */
@EnableKubernetesMockClient(crud = true, https = false)
class DualStackIT {
  KubernetesClient client;

  @Test
  void dualStackPodsReachEachOtherAndTheNodeOverBothFamilies() throws Exception {
    try (CniLab cni = CniLab.dualStack(client)) {
      Map<String, Object> conflist = cni.conflist();
      Host a = cni.pod("pod-a");
      Host b = cni.pod("pod-b");
      Sandbox sandboxA = Sandbox.of(a, "container-a");
      Map<String, Object> resultA = cni.runtime.add(conflist, sandboxA);
      Map<String, Object> resultB = cni.runtime.add(conflist, Sandbox.of(b, "container-b"));

      List<String> addressesA = CniResultsView.addresses(resultA);
      List<String> addressesB = CniResultsView.addresses(resultB);
      assertThat(addressesA).hasSize(2);
      assertThat(addressesA.get(0)).startsWith("10.244.0.");
      assertThat(addressesA.get(1)).startsWith("fd00:244::");
      assertThat(a.routes("-6")).contains("default via fe80::ecee:eeff:feee:eeee dev eth0");

      for (String target : List.of(addressesB.get(1), "fd00:192::10", addressesB.get(0))) {
        Wait.until(
            "pod a reaches " + target,
            Duration.ofSeconds(10),
            () -> a.ping(target),
            ExecResult::ok);
      }
      Wait.until(
          "the node reaches pod a over IPv6",
          Duration.ofSeconds(10),
          () -> cni.node.ping(addressesA.get(1)),
          ExecResult::ok);
      assertThat(cni.runtime.check(conflist, sandboxA, resultA).ok()).isTrue();

      cni.runtime.del(conflist, sandboxA, resultA).orThrow();
      assertThat(CniResultsView.allocatedAddresses(cni.datastore)).isEqualTo(addressesB);
    }
  }
}
