package dev.tabby.node.cni;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabby.api.v1.IPReservation;
import dev.tabby.api.v1.IPReservationSpec;
import dev.tabby.testbench.ExecResult;
import dev.tabby.testbench.Host;
import dev.tabby.testbench.Wait;
import dev.tabby.testbench.cni.CniRuntime;
import dev.tabby.testbench.cni.Sandbox;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Tabby with the reference plugins of /usr/lib/cni: as their IPAM, and chained after tabby. */
class ReferencePluginsIT extends CniLabTest {
  @Test
  void ptpGetsItsAddressFromTabbyIpam() {
    Map<String, Object> ipam = new LinkedHashMap<>();
    ipam.put("type", "tabby-ipam");
    ipam.put("socket", cni.socket.toString());
    // ptp reaches its gateway through the address's connected route: a subnet and a gateway in
    // it, kept from pods by a reservation.
    ipam.put("subnet", CniLab.POOL);
    ipam.put("gateway", "10.244.0.1");
    IPReservation reservation = new IPReservation();
    reservation.setMetadata(new ObjectMetaBuilder().withName("ptp-gateway").build());
    IPReservationSpec spec = new IPReservationSpec();
    spec.setReservedCIDRs(List.of("10.244.0.1/32"));
    reservation.setSpec(spec);
    cni.datastore.reservations().create(reservation);
    Map<String, Object> ptp = new LinkedHashMap<>();
    ptp.put("type", "ptp");
    ptp.put("mtu", 1400L);
    ptp.put("ipam", ipam);
    Map<String, Object> conflist = new LinkedHashMap<>();
    conflist.put("cniVersion", "1.0.0");
    conflist.put("name", "ptpnet");
    conflist.put("plugins", List.of(ptp));
    Host pod = cni.pod("pod-a");
    Sandbox sandbox = Sandbox.of(pod, "container-a");

    Map<String, Object> result = cni.runtime.add(conflist, sandbox);
    String address = CniResultsView.firstAddress(result);
    assertThat(address).startsWith("10.244.0.");
    assertThat(CniResultsView.allocatedAddresses(cni.datastore)).containsExactly(address);
    assertThat(cni.datastore.handles().list())
        .extracting(h -> h.getSpec().getHandleID())
        .containsExactly("ptpnet.container-a.eth0");
    assertThat(address).isNotEqualTo("10.244.0.1");
    assertThat(pod.ip("-o", "addr", "show", "dev", "eth0").stdout()).contains(address + "/24");
    assertThat(pod.routes("-4")).contains("default via 10.244.0.1 dev eth0");
    Wait.until(
        "the ptp pod reaches the node",
        Duration.ofSeconds(10),
        () -> pod.ping(CniLab.NODE_ADDRESS),
        ExecResult::ok);
    assertThat(cni.runtime.check(conflist, sandbox, result).ok()).isTrue();

    cni.runtime.del(conflist, sandbox, result).orThrow();
    assertThat(CniResultsView.allocatedAddresses(cni.datastore)).isEmpty();
    assertThat(cni.datastore.handles().list()).isEmpty();
  }

  @Test
  void portmapAndBandwidthChainAfterTabby() throws Exception {
    Map<String, Object> conflist = new LinkedHashMap<>(cni.conflist());
    List<Object> plugins = new ArrayList<>(CniRuntime.plugins(conflist));
    plugins.add(Map.of("type", "bandwidth", "capabilities", Map.of("bandwidth", true)));
    conflist.put("plugins", plugins);
    assertThat(CniRuntime.plugins(conflist))
        .extracting(p -> p.get("type"))
        .containsExactly("tabby", "portmap", "bandwidth");
    Sandbox sandbox = Sandbox.of(cni.pod("pod-a"), "container-a");
    Map<String, Object> runtimeConfig =
        Map.of(
            "portMappings",
            List.of(Map.of("hostPort", 8080L, "containerPort", 80L, "protocol", "tcp")),
            // Ingress only: shaping egress needs an ifb device, which not every kernel offers.
            "bandwidth",
            Map.of("ingressRate", 1_000_000L, "ingressBurst", 100_000L));

    Map<String, Object> result = cni.runtime.add(conflist, sandbox, runtimeConfig);
    String address = CniResultsView.firstAddress(result);
    String hostVeth = CniResultsView.interfaceNames(result).get(0);
    assertThat(natRules()).contains("--to-destination " + address + ":80");
    assertThat(cni.node.exec("tc", "qdisc", "show", "dev", hostVeth).stdout()).contains("tbf");

    cni.runtime.del(conflist, sandbox, result, runtimeConfig).orThrow();
    assertThat(natRules()).doesNotContain(address + ":80");
    assertThat(cni.hostVeths()).isEmpty();
  }

  private String natRules() {
    return cni.node.execOk("iptables-save", "-t", "nat").stdout();
  }
}
