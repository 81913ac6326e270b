package dev.tabby.ctl;

import dev.tabby.api.v1.IPAMBlock;
import dev.tabby.dataplane.Route;
import dev.tabby.dataplane.RouteType;
import dev.tabby.net.IpPrefix;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The kernel of this node has a route to every other node's blocks and a blackhole for each of its
 * own (read through the dataplane's netlink dump, from the namespace tabbyctl runs in).
 */
final class KernelRoutesCheck implements DiagnosticCheck {

  private final Supplier<ClusterSnapshot> cluster;
  private final String nodeName;
  private final Supplier<List<Route>> kernelRoutes;

  KernelRoutesCheck(
      Supplier<ClusterSnapshot> cluster, String nodeName, Supplier<List<Route>> kernelRoutes) {
    this.cluster = cluster;
    this.nodeName = nodeName;
    this.kernelRoutes = kernelRoutes;
  }

  @Override
  public String name() {
    return "kernel-routes";
  }

  @Override
  public CheckOutcome run() {
    ClusterSnapshot snapshot = cluster.get();
    if (!snapshot.hasNode(nodeName)) {
      return CheckOutcome.failed(
          name(),
          "no Node named " + nodeName,
          "name this node's Node with --node (default: $NODE_NAME, else the host name)");
    }
    List<Route> routes = kernelRoutes.get();
    List<String> missing = new ArrayList<>();
    int checked = 0;
    for (IPAMBlock block : snapshot.blocks()) {
      String owner = ClusterSnapshot.nodeOf(block);
      if (owner == null || !snapshot.hasNode(owner)) {
        continue;
      }
      IpPrefix cidr = IpPrefix.parse(block.getSpec().getCidr());
      boolean own = owner.equals(nodeName);
      RouteType wanted = own ? RouteType.BLACKHOLE : RouteType.UNICAST;
      checked++;
      if (routes.stream()
          .noneMatch(route -> route.destination().equals(cidr) && route.type() == wanted)) {
        missing.add(
            own
                ? "no blackhole for " + cidr + " (this node's block)"
                : "no route to " + cidr + " (" + owner + "'s block)");
      }
    }
    if (!missing.isEmpty()) {
      return CheckOutcome.failed(
          name(),
          String.join("; ", missing),
          "tabby-node installs these routes (protocol 81) from its blocks and what BGP learns:"
              + " check bgp-sessions, and the dataplane line of the agent's /readyz; restarting"
              + " the agent re-installs them");
    }
    return CheckOutcome.ok(
        name(), checked + " blocks routed (blackholes for this node's, routes to the others')");
  }
}
