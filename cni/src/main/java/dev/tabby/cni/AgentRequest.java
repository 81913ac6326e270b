package dev.tabby.cni;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One CNI call as the plugin forwards it to the node agent over the unix socket: which plugin was
 * run, the CNI_* environment it got and the network config from its stdin. One JSON object per
 * connection; the agent answers with an {@link AgentResponse}.
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

  public String cniVersion() {
    return String.valueOf(config.get("cniVersion"));
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

  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("plugin", plugin);
    json.put("command", command);
    json.put("containerId", containerId);
    json.put("netns", netns);
    json.put("ifName", ifName);
    json.put("args", new LinkedHashMap<String, Object>(args));
    json.put("config", config);
    return json;
  }

  @SuppressWarnings("unchecked")
  public static AgentRequest fromJson(Map<String, Object> json) {
    Map<String, String> args = new LinkedHashMap<>();
    if (json.get("args") instanceof Map<?, ?> map) {
      map.forEach((k, v) -> args.put(String.valueOf(k), String.valueOf(v)));
    }
    if (!(json.get("config") instanceof Map<?, ?> config)) {
      throw new Json.JsonException("request without a network config");
    }
    return new AgentRequest(
        Json.text(json, "plugin"),
        Json.text(json, "command"),
        Json.text(json, "containerId"),
        Json.text(json, "netns"),
        Json.text(json, "ifName"),
        args,
        (Map<String, Object>) config);
  }
}
