package dev.tabby.system;

import dev.tabby.testbench.Wait;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/** The routes a node's agent installed in its kernel (protocol 81). */
final class KernelRoutes {

  private KernelRoutes() {}

  /** Waits until the node's kernel has ({@code present}) or has no route of the agent's to it. */
  static void await(LabNode node, String prefix, boolean present, Duration timeout) {
    Wait.until(
        node.name() + (present ? " has" : " has no") + " kernel route " + prefix,
        timeout,
        () -> show(node),
        routes -> routes.contains(prefix + " ") == present);
  }

  /**
   * Waits until the node's kernel route to {@code prefix} goes through exactly {@code gateways}
   * (one route, ECMP when several); returns the route as {@code ip route} prints it.
   */
  static String awaitGateways(LabNode node, String prefix, Set<String> gateways, Duration timeout) {
    Wait.until(
        node.name() + "'s kernel route " + prefix + " via " + gateways,
        timeout,
        () -> gateways(node, prefix),
        gateways::equals);
    return node.host().exec("ip", "-4", "route", "show", "proto", "81", prefix).stdout().strip();
  }

  /**
   * The gateways of the node's kernel route to {@code prefix}, one per next hop of an ECMP route;
   * empty when it has none.
   */
  static Set<String> gateways(LabNode node, String prefix) {
    String json =
        node.host().exec("ip", "-j", "-4", "route", "show", "proto", "81", prefix).stdout();
    Set<String> gateways = new TreeSet<>();
    for (JsonNode route : StateJson.parse(json.isBlank() ? "[]" : json)) {
      gateways.add(route.path("gateway").asString(""));
      route.path("nexthops").forEach(hop -> gateways.add(hop.path("gateway").asString("")));
    }
    gateways.remove("");
    return gateways;
  }

  private static String show(LabNode node) {
    return node.host().exec("ip", "-4", "route", "show", "proto", "81").stdout();
  }
}
