package dev.tabby.cni;

import java.util.Map;

/**
 * One checked CNI call as the node agent serves it: which plugin was run, the CNI_* environment it
 * got and the network config from its stdin. The agent answers with an {@link AgentResponse}.
 *
 * @param plugin {@link #WIRING} ("tabby") or {@link #IPAM} ("tabby-ipam")
 * @param command ADD, DEL, CHECK, STATUS or GC
 * @param containerId CNI_CONTAINERID, "" when the command has none
 * @param netns CNI_NETNS, "" when the command has none
 * @param ifName CNI_IFNAME, "" when the command has none
 * @param args CNI_ARGS as key/value pairs (K8S_POD_NAMESPACE, K8S_POD_NAME, ...)
 * @param config the network config from stdin, as decoded
 */
public record AgentRequest(
    String plugin,
    String command,
    String containerId,
    String netns,
    String ifName,
    Map<String, String> args,
    Map<String, Object> config) {
  public static final String WIRING = "tabby";
  public static final String IPAM = "tabby-ipam";

  public AgentRequest {
    args = Map.copyOf(args);
  }

  /** The network's name from its config: with the container ID it names the attachment. */
  public String network() {
    return String.valueOf(config.get("name"));
  }

  public String podNamespace() {
    return args.getOrDefault("K8S_POD_NAMESPACE", "");
  }

  public String podName() {
    return args.getOrDefault("K8S_POD_NAME", "");
  }
}
