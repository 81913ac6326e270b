package dev.tabby.system;

import dev.tabby.testbench.Wait;
import java.time.Duration;

/** The routes a node's agent installed in its kernel (protocol 81). */
final class KernelRoutes {

  private KernelRoutes() {}

  /** Waits until the node's kernel has ({@code present}) or has no route of the agent's to it. */
  static void await(LabNode node, String prefix, boolean present, Duration timeout) {
    Wait.until(
        node.name() + (present ? " has" : " has no") + " kernel route " + prefix,
        timeout,
        () -> node.host().exec("ip", "-4", "route", "show", "proto", "81").stdout(),
        routes -> routes.contains(prefix + " ") == present);
  }
}
