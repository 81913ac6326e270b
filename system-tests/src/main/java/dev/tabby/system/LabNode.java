package dev.tabby.system;

import dev.tabby.testbench.Host;
import java.nio.file.Path;

/**
 * One node of the lab: a namespace on the fabric, running a tabby-node agent.
 *
 * @param name the Kubernetes node name
 * @param host its namespace
 * @param address its address on the fabric (its BGP address)
 * @param rack the rack subnet's number in the tor topology (also the node's number)
 * @param as the node's AS
 */
public record LabNode(String name, Host host, String address, int rack, long as) {

  /** The agent's HTTP endpoint (probes, metrics, BGP state), reachable inside the lab. */
  public String httpUrl() {
    return "http://" + address + ":" + ClusterLab.AGENT_HTTP_PORT;
  }

  public Path cniBinDir() {
    return host.dir().resolve("cni-bin");
  }

  public Path cniConfDir() {
    return host.dir().resolve("cni-conf");
  }

  public Path cniSocket() {
    return host.dir().resolve("cni.sock");
  }
}
