package dev.tabby.cni;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One plugin run as the forwarder (the {@code tabby} and {@code tabby-ipam} executables, {@code
 * cni/src/main/c}) sends it to the node agent: which plugin was run, its CNI_* environment and its
 * stdin, unchecked. The JSON object {@code {"plugin": "tabby", "env": {"CNI_COMMAND": "ADD", ...},
 * "stdin": "..."}}.
 *
 * @param plugin {@link AgentRequest#WIRING} or {@link AgentRequest#IPAM}
 * @param env the CNI_* variables that were set
 * @param stdin the network config as the runtime wrote it
 */
public record ForwardedCall(String plugin, Map<String, String> env, String stdin) {
  public ForwardedCall {
    env = Map.copyOf(env);
  }

  /** CNI_COMMAND, "" when it is not set. */
  public String command() {
    return env.getOrDefault("CNI_COMMAND", "");
  }

  /** Decodes a request; a {@link Json.JsonException} says what is wrong with it. */
  public static ForwardedCall decode(String message) {
    Map<String, Object> json = Json.parseObject(message);
    String plugin = Json.text(json, "plugin");
    if (!plugin.equals(AgentRequest.WIRING) && !plugin.equals(AgentRequest.IPAM)) {
      throw new Json.JsonException("unknown plugin '" + plugin + "'");
    }
    if (!(json.get("env") instanceof Map<?, ?> envJson)
        || !(json.get("stdin") instanceof String stdin)) {
      throw new Json.JsonException("a request needs \"env\" and \"stdin\"");
    }
    Map<String, String> env = new LinkedHashMap<>();
    envJson.forEach((name, value) -> env.put(String.valueOf(name), String.valueOf(value)));
    return new ForwardedCall(plugin, env, stdin);
  }
}
