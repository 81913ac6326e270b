package dev.tabby.system;

import dev.tabby.testbench.Host;

/**
 * One route reflector of the lab's rr topology: a namespace on the segment running tabby-rr.
 *
 * @param name its Node's name
 * @param host its namespace
 * @param address its address on the segment (its BGP address and router ID)
 */
public record LabReflector(String name, Host host, String address) {

  static final int HTTP_PORT = 9097;
  static final int STATE_PORT = 8179;

  /** Probes and metrics, reachable inside the lab. */
  public String httpUrl() {
    return "http://" + address + ":" + HTTP_PORT;
  }

  /** The speaker's JSON state ({@code /peers}, {@code /routes}), reachable inside the lab. */
  public String stateUrl() {
    return "http://" + address + ":" + STATE_PORT;
  }
}
