package dev.tabby.system;

import dev.tabby.testbench.ExecResult;
import dev.tabby.testbench.Host;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** A speaker's JSON state ({@code /peers}, {@code /routes}) read from inside the lab. */
final class StateJson {

  private static final ObjectMapper JSON = new ObjectMapper();

  private StateJson() {}

  /** The session with {@code address} in {@code endpoint}'s {@code /peers}; missing if none. */
  static JsonNode peer(Host host, String endpoint, String address) {
    for (JsonNode peer : get(host, endpoint + "/peers").path("peers")) {
      if (peer.path("address").asString().equals(address)) {
        return peer;
      }
    }
    return JSON.missingNode();
  }

  /** {@code url} fetched with curl inside {@code host}; missing when it does not answer. */
  static JsonNode get(Host host, String url) {
    ExecResult result = host.exec("curl", "-s", "-m", "5", url);
    if (!result.ok() || result.stdout().isBlank()) {
      return JSON.missingNode();
    }
    return JSON.readTree(result.stdout());
  }

  static JsonNode parse(String text) {
    return JSON.readTree(text);
  }
}
