package dev.tabby.testbench.bgp;

import java.util.Collection;
import java.util.List;

/** Renders a {@link BgpDaemonConfig} as an FRR 8 {@code bgpd} configuration file. */
final class FrrConfig {

  static final String REJECT_ALL = "REJECT-ALL";
  static final String ORIGINATED_ONLY = "ORIGINATED-ONLY";

  private FrrConfig() {}

  static String render(BgpDaemonConfig config, String hostname, Collection<String> originated) {
    StringBuilder out = new StringBuilder();
    out.append("frr defaults traditional\n")
        .append("hostname ")
        .append(hostname)
        .append("\n")
        .append("log stdout informational\n")
        .append("!\n");
    if (!config.acceptAndExportAll()) {
      // Routes with an empty AS path are the ones this router originated itself.
      out.append("bgp as-path access-list OWN seq 5 permit ^$\n")
          .append("route-map ")
          .append(REJECT_ALL)
          .append(" deny 10\n")
          .append("route-map ")
          .append(ORIGINATED_ONLY)
          .append(" permit 10\n")
          .append(" match as-path OWN\n")
          .append("!\n");
    }
    out.append("router bgp ")
        .append(config.localAs())
        .append("\n")
        .append(" bgp router-id ")
        .append(config.routerId())
        .append("\n")
        // The test decides what flows; FRR's eBGP default of "no policy, no routes" would hide it.
        .append(" no bgp ebgp-requires-policy\n")
        .append(" no bgp default ipv4-unicast\n")
        // A network statement announces what the test says, not what the kernel has (without
        // zebra bgpd cannot see the kernel at all).
        .append(" no bgp network import-check\n")
        .append(" bgp log-neighbor-changes\n")
        .append(
            config.gracefulRestart()
                // Without zebra bgpd keeps no kernel routes, but a restarting router that did is
                // what the peer's graceful restart has to be tested against.
                ? " bgp graceful-restart\n bgp graceful-restart preserve-fw-state\n"
                : " bgp graceful-restart-disable\n");
    if (config.longLivedStaleTimeSeconds() > 0) {
      out.append(" bgp long-lived-graceful-restart stale-time ")
          .append(config.longLivedStaleTimeSeconds())
          .append("\n");
    }
    for (Neighbor neighbor : config.neighbors()) {
      renderNeighbor(out, neighbor);
      if (config.extendedNextHop() && neighbor.isIpv6()) {
        out.append(" neighbor ")
            .append(neighbor.address())
            .append(" capability extended-nexthop\n");
      }
    }
    for (String family : List.of("ipv4", "ipv6")) {
      boolean ipv6 = family.equals("ipv6");
      out.append(" address-family ").append(family).append(" unicast\n");
      originated.stream()
          .filter(p -> p.contains(":") == ipv6)
          .forEach(p -> out.append("  network ").append(p).append("\n"));
      config.neighbors().stream()
          .filter(n -> n.isIpv6() == ipv6 || (!ipv6 && config.extendedNextHop()))
          .forEach(n -> activate(out, config, n));
      out.append(" exit-address-family\n");
    }
    return out.append("!\n").toString();
  }

  /** vtysh commands that enter the address family a prefix belongs to. */
  static List<String> enterAddressFamily(BgpDaemonConfig config, String prefix) {
    return List.of(
        "configure terminal",
        "router bgp " + config.localAs(),
        "address-family " + (prefix.contains(":") ? "ipv6" : "ipv4") + " unicast");
  }

  private static void renderNeighbor(StringBuilder out, Neighbor neighbor) {
    String n = " neighbor " + neighbor.address();
    out.append(n).append(" remote-as ").append(neighbor.remoteAs()).append("\n");
    if (neighbor.port() != Neighbor.BGP_PORT) {
      out.append(n).append(" port ").append(neighbor.port()).append("\n");
    }
    if (neighbor.password() != null) {
      out.append(n).append(" password ").append(neighbor.password()).append("\n");
    }
    if (neighbor.passive()) {
      out.append(n).append(" passive\n");
    }
    if (neighbor.holdTimeSeconds() > 0) {
      out.append(n)
          .append(" timers ")
          .append(Math.max(1, neighbor.holdTimeSeconds() / 3))
          .append(" ")
          .append(neighbor.holdTimeSeconds())
          .append("\n");
    }
    // FRR waits 120 s between connection attempts by default; a lab comes up in seconds.
    out.append(n).append(" timers connect 1\n");
    if (neighbor.localAddress() != null) {
      out.append(n).append(" update-source ").append(neighbor.localAddress()).append("\n");
    }
    if (neighbor.multihopTtl() > 0) {
      out.append(n).append(" ebgp-multihop ").append(neighbor.multihopTtl()).append("\n");
    }
  }

  private static void activate(StringBuilder out, BgpDaemonConfig config, Neighbor neighbor) {
    String n = "  neighbor " + neighbor.address();
    out.append(n).append(" activate\n");
    // bgpd offers to receive several paths on every session; sending them is per neighbour.
    if (config.addPaths().sends()) {
      out.append(n).append(" addpath-tx-all-paths\n");
    }
    if (!config.acceptAndExportAll()) {
      out.append(n).append(" route-map ").append(REJECT_ALL).append(" in\n");
      out.append(n).append(" route-map ").append(ORIGINATED_ONLY).append(" out\n");
    }
  }
}
