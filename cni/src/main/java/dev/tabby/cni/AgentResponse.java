package dev.tabby.cni;

import java.util.Map;

/**
 * The node agent's answer to one {@link AgentRequest}: a result (ADD: interfaces, ips and routes in
 * the CNI 1.x shape), nothing (DEL, CHECK, STATUS, GC succeeded), or a CNI error.
 */
public record AgentResponse(Map<String, Object> result, CniException error) {
  public static AgentResponse ok() {
    return new AgentResponse(null, null);
  }

  public static AgentResponse of(Map<String, Object> result) {
    return new AgentResponse(result, null);
  }

  public static AgentResponse failed(CniException error) {
    return new AgentResponse(null, error);
  }
}
