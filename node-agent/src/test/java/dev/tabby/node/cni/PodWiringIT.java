package dev.tabby.node.cni;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabby.testbench.ExecResult;
import dev.tabby.testbench.Host;
import dev.tabby.testbench.Wait;
import dev.tabby.testbench.cni.CniRuntime;
import dev.tabby.testbench.cni.PluginRun;
import dev.tabby.testbench.cni.Sandbox;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The tabby plugin run as a container runtime runs it, against the agent's CniServer in this JVM:
 * pods in namespaces of their own, the node a namespace too, IPAM over the mock API server.
 */
class PodWiringIT extends CniLabTest {
  @Test
  void twoPodsGetDistinctAddressesAndReachEachOtherAndTheNode() throws Exception {
    Map<String, Object> conflist = cni.conflist();
    Host a = cni.pod("pod-a");
    Host b = cni.pod("pod-b");
    Sandbox sandboxA = Sandbox.of(a, "container-a");
    Map<String, Object> resultA = cni.runtime.add(conflist, sandboxA);
    Map<String, Object> resultB = cni.runtime.add(conflist, Sandbox.of(b, "container-b"));

    String addressA = CniResultsView.firstAddress(resultA);
    String addressB = CniResultsView.firstAddress(resultB);
    assertThat(addressA).startsWith("10.244.0.").isNotEqualTo(addressB);
    assertThat(addressB).startsWith("10.244.0.");
    assertThat(resultA.get("cniVersion")).isEqualTo(conflist.get("cniVersion"));
    assertThat(CniResultsView.interfaceNames(resultA))
        .containsExactly(HostVethNames.PREFIX + hash(sandboxA), "eth0");

    assertThat(a.ip("-o", "addr", "show", "dev", "eth0").stdout()).contains(addressA + "/32");
    assertThat(a.ip("link", "show", "eth0").stdout()).contains("mtu 1400");
    assertThat(a.routes("-4"))
        .contains("default via 169.254.1.1 dev eth0")
        .contains("169.254.1.1 dev eth0 scope link");
    assertThat(cni.node.routes("-4")).contains(addressA + " dev " + hostVethOf(resultA));

    Wait.until(
        "pod a reaches pod b", Duration.ofSeconds(10), () -> a.ping(addressB), ExecResult::ok);
    Wait.until(
        "pod a reaches the node",
        Duration.ofSeconds(10),
        () -> a.ping(CniLab.NODE_ADDRESS),
        ExecResult::ok);
    Wait.until(
        "the node reaches pod b",
        Duration.ofSeconds(10),
        () -> cni.node.ping(addressB),
        ExecResult::ok);

    assertThat(cni.runtime.check(conflist, sandboxA, resultA).ok()).isTrue();
  }

  @Test
  void delRemovesTheVethAndReleasesTheAddressAndDelTwiceIsFine() throws Exception {
    Map<String, Object> conflist = cni.conflist();
    Sandbox sandbox = Sandbox.of(cni.pod("pod-a"), "container-a");
    Map<String, Object> result = cni.runtime.add(conflist, sandbox);
    assertThat(cni.hostVeths()).isEqualTo(hostVethOf(result));
    assertThat(cni.datastore.handles().list()).hasSize(1);

    cni.runtime.del(conflist, sandbox, result).orThrow();
    assertThat(cni.hostVeths()).isEmpty();
    assertThat(cni.datastore.handles().list()).isEmpty();
    assertThat(records()).isEmpty();

    cni.runtime.del(conflist, sandbox, result).orThrow();
    // A container the agent never saw: DEL succeeds as well.
    cni.runtime
        .del(conflist, new Sandbox("never-added", sandbox.netns(), "eth0", "x", "y"), null)
        .orThrow();
  }

  @Test
  void checkNoticesADeletedRouteAndAChangedAddress() throws Exception {
    Map<String, Object> conflist = cni.conflist();
    Host a = cni.pod("pod-a");
    Sandbox sandbox = Sandbox.of(a, "container-a");
    Map<String, Object> result = cni.runtime.add(conflist, sandbox);
    String address = CniResultsView.firstAddress(result);
    assertThat(cni.runtime.check(conflist, sandbox, result).ok()).isTrue();

    cni.node.ip("route", "del", address + "/32");
    PluginRun routeGone = cni.runtime.check(conflist, sandbox, result);
    assertThat(routeGone.errorCode()).isEqualTo(100);
    assertThat((String) routeGone.json().get("details"))
        .contains("node route " + address + "/32 dev " + hostVethOf(result) + " is missing");

    a.ip("addr", "del", address + "/32", "dev", "eth0");
    a.ip("addr", "add", "10.244.0.250/32", "dev", "eth0");
    PluginRun changed = cni.runtime.check(conflist, sandbox, result);
    assertThat(changed.errorCode()).isEqualTo(100);
    assertThat((String) changed.json().get("details"))
        .contains("pod address " + address + " is missing on eth0")
        .contains("unexpected address 10.244.0.250/32")
        .contains("pod default route via 169.254.1.1 is missing");
  }

  @Test
  void gcRemovesAStaleAttachmentAndItsAddresses() throws Exception {
    Map<String, Object> conflist = cni.conflist();
    Host a = cni.pod("pod-a");
    Sandbox kept = Sandbox.of(a, "container-a");
    Sandbox stale = Sandbox.of(cni.pod("pod-b"), "container-b");
    Map<String, Object> keptResult = cni.runtime.add(conflist, kept);
    Map<String, Object> staleResult = cni.runtime.add(conflist, stale);

    Map<String, Object> gc = tabbyConfig(conflist);
    gc.put(
        "cni.dev/valid-attachments",
        List.of(Map.of("containerID", kept.containerId(), "ifname", "eth0")));
    cni.runtime.exec("tabby", cni.runtime.env("GC", null), dev.tabby.cni.Json.write(gc)).orThrow();

    assertThat(cni.hostVeths()).isEqualTo(hostVethOf(keptResult));
    assertThat(cni.datastore.handles().list())
        .extracting(h -> h.getSpec().getHandleID())
        .containsExactly("tabby." + kept.containerId() + ".eth0");
    assertThat(allocated()).doesNotContain(CniResultsView.firstAddress(staleResult));
    assertThat(cni.runtime.check(conflist, kept, keptResult).ok()).isTrue();
    assertThat(cni.runtime.check(conflist, stale, staleResult).errorCode()).isEqualTo(3);
  }

  @Test
  void agentDownOrNotReadyAnswersTryAgainLaterAndLeavesNothingBehind() throws Exception {
    Map<String, Object> conflist = cni.conflist();
    Host a = cni.pod("pod-a");
    Sandbox sandbox = Sandbox.of(a, "container-a");
    String config = dev.tabby.cni.Json.write(tabbyConfig(conflist));

    cni.stopAgent();
    PluginRun down = cni.runtime.exec("tabby", cni.runtime.env("ADD", sandbox), config);
    assertThat(down.errorCode()).as(down.describe()).isEqualTo(11);
    assertThat((String) down.json().get("msg")).contains("not reachable");
    assertThat(cni.runtime.exec("tabby", cni.runtime.env("STATUS", null), config).errorCode())
        .isEqualTo(50);

    cni.startAgent();
    cni.agentReady.set(false);
    PluginRun notReady = cni.runtime.exec("tabby", cni.runtime.env("ADD", sandbox), config);
    assertThat(notReady.errorCode()).as(notReady.describe()).isEqualTo(11);
    assertThat(cni.runtime.exec("tabby", cni.runtime.env("STATUS", null), config).errorCode())
        .isEqualTo(50);

    assertThat(cni.hostVeths()).isEmpty();
    assertThat(a.ip("-o", "link", "show").stdout()).doesNotContain("eth0");
    assertThat(cni.datastore.handles().list()).isEmpty();
    assertThat(records()).isEmpty();

    cni.agentReady.set(true);
    cni.runtime.exec("tabby", cni.runtime.env("STATUS", null), config).orThrow();
    cni.runtime.add(conflist, sandbox);
  }

  @Test
  void aFailedAddRollsBackItsAddressAndVeth() throws Exception {
    Map<String, Object> conflist = cni.conflist();
    Host a = cni.pod("pod-a");
    // An eth0 already in the pod: the veth cannot be made, so ADD fails after IPAM assigned.
    a.ip("link", "add", "eth0", "type", "veth", "peer", "name", "other");
    PluginRun failed =
        cni.runtime.exec(
            "tabby",
            cni.runtime.env("ADD", Sandbox.of(a, "container-a")),
            dev.tabby.cni.Json.write(tabbyConfig(conflist)));
    assertThat(failed.errorCode()).as(failed.describe()).isEqualTo(101);
    assertThat(cni.hostVeths()).isEmpty();
    assertThat(cni.datastore.handles().list()).isEmpty();
    assertThat(allocated()).isEmpty();
    assertThat(records()).isEmpty();
  }

  @Test
  void badCallsGetTheSpecsErrorJson() throws Exception {
    Map<String, Object> conflist = cni.conflist();
    Sandbox sandbox = Sandbox.of(cni.pod("pod-a"), "container-a");
    String config = dev.tabby.cni.Json.write(tabbyConfig(conflist));

    PluginRun malformed = cni.runtime.exec("tabby", cni.runtime.env("ADD", sandbox), "{\"cniVer");
    assertThat(malformed.errorCode()).as(malformed.describe()).isEqualTo(6);
    assertThat(malformed.json()).containsKeys("cniVersion", "msg");

    Map<String, Object> future = tabbyConfig(conflist);
    future.put("cniVersion", "9.9.9");
    PluginRun unknownVersion =
        cni.runtime.exec(
            "tabby", cni.runtime.env("ADD", sandbox), dev.tabby.cni.Json.write(future));
    assertThat(unknownVersion.errorCode()).as(unknownVersion.describe()).isEqualTo(1);
    assertThat((String) unknownVersion.json().get("details")).contains("9.9.9", "1.1.0");

    Map<String, String> noNetns = cni.runtime.env("ADD", sandbox);
    noNetns.remove("CNI_NETNS");
    PluginRun missingNetns = cni.runtime.exec("tabby", noNetns, config);
    assertThat(missingNetns.errorCode()).as(missingNetns.describe()).isEqualTo(4);
    assertThat((String) missingNetns.json().get("msg")).isEqualTo("CNI_NETNS is not set");

    PluginRun version = cni.runtime.exec("tabby", cni.runtime.env("VERSION", null), config);
    assertThat(version.orThrow().json().get("supportedVersions"))
        .isEqualTo(List.of("0.3.0", "0.3.1", "0.4.0", "1.0.0", "1.1.0"));

    // Nothing was wired or assigned by the refused calls.
    assertThat(cni.hostVeths()).isEmpty();
    assertThat(cni.datastore.handles().list()).isEmpty();
  }

  @Test
  void anOldRuntimeGetsItsVersionsResult() throws Exception {
    Map<String, Object> old = tabbyConfig(cni.conflist());
    old.put("cniVersion", "0.3.1");
    PluginRun add =
        cni.runtime.exec(
            "tabby",
            cni.runtime.env("ADD", Sandbox.of(cni.pod("pod-a"), "container-a")),
            dev.tabby.cni.Json.write(old));
    Map<String, Object> result = add.orThrow().json();
    assertThat(result.get("cniVersion")).isEqualTo("0.3.1");
    assertThat(((Map<?, ?>) ((List<?>) result.get("ips")).get(0)).get("version")).isEqualTo("4");
  }

  /** The tabby plugin's own config from the list, at CNI 1.1.0 (GC and STATUS need it). */
  static Map<String, Object> tabbyConfig(Map<String, Object> conflist) {
    Map<String, Object> config =
        CniRuntime.pluginConfig(conflist, CniRuntime.plugins(conflist).get(0), null, Map.of());
    config.put("cniVersion", "1.1.0");
    return config;
  }

  private List<String> records() throws Exception {
    if (!Files.isDirectory(cni.stateDir)) {
      return List.of();
    }
    try (Stream<java.nio.file.Path> files = Files.list(cni.stateDir)) {
      return files.map(p -> p.getFileName().toString()).toList();
    }
  }

  private List<String> allocated() {
    return CniResultsView.allocatedAddresses(cni.datastore);
  }

  private static String hostVethOf(Map<String, Object> result) {
    return CniResultsView.interfaceNames(result).get(0);
  }

  private static String hash(Sandbox sandbox) {
    return HostVethNames.of(
            new dev.tabby.cni.AgentRequest(
                "tabby",
                "ADD",
                sandbox.containerId(),
                sandbox.netns().toString(),
                sandbox.ifName(),
                Map.of(
                    "K8S_POD_NAMESPACE", sandbox.podNamespace(), "K8S_POD_NAME", sandbox.podName()),
                Map.of()))
        .substring(HostVethNames.PREFIX.length());
  }
}
