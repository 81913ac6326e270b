package dev.tabby.testbench.bgp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** Reads FRR's {@code vtysh ... json} answers. */
final class FrrOutput {

  private static final ObjectMapper JSON = JsonMapper.builder().build();

  private FrrOutput() {}

  /** {@code show bgp neighbors json}: address → session. */
  static List<NeighborState> neighbors(String json) {
    List<NeighborState> result = new ArrayList<>();
    for (Map.Entry<String, JsonNode> entry : JSON.readTree(json).properties()) {
      JsonNode peer = entry.getValue();
      if (!peer.has("bgpState")) {
        continue;
      }
      String state = peer.path("bgpState").asString("");
      Long accepted = null;
      for (JsonNode family : peer.path("addressFamilyInfo").values()) {
        if (family.has("acceptedPrefixCounter")) {
          accepted =
              (accepted == null ? 0 : accepted) + family.path("acceptedPrefixCounter").asLong();
        }
      }
      result.add(new NeighborState(entry.getKey(), state, state.equals("Established"), accepted));
    }
    return result;
  }

  /**
   * {@code show bgp <afi> unicast json detail}: every path learned from a peer. Each prefix maps to
   * an array whose first element describes the prefix and the rest are its paths.
   */
  static List<LearnedRoute> routes(String json) {
    List<LearnedRoute> result = new ArrayList<>();
    for (Map.Entry<String, JsonNode> entry : JSON.readTree(json).path("routes").properties()) {
      for (JsonNode path : entry.getValue()) {
        if (!path.has("nexthops") || path.path("sourced").asBoolean(false)) {
          continue;
        }
        result.add(
            new LearnedRoute(
                entry.getKey(),
                path.path("peer").path("peerId").asString(""),
                path.path("nexthops").values().stream()
                    .map(nh -> nh.path("ip").asString(""))
                    .toList(),
                asPath(path.path("aspath")),
                communities(path.path("community")),
                optionalLong(path, "locPrf", "localpref"),
                optionalLong(path, "med", "metric"),
                path.path("bestpath").path("overall").asBoolean(false)));
      }
    }
    return result;
  }

  private static List<Long> asPath(JsonNode aspath) {
    List<Long> result = new ArrayList<>();
    for (JsonNode segment : aspath.path("segments")) {
      for (JsonNode as : segment.path("list")) {
        result.add(as.asLong());
      }
    }
    return result;
  }

  /**
   * The communities as {@code string} gives them ({@code no-export} for a well-known one). FRR cuts
   * that string short for a long set (some 830 of 1,500); {@code list} then holds them all.
   */
  private static List<String> communities(JsonNode community) {
    String text = community.path("string").asString("");
    List<String> words = Arrays.stream(text.split("\\s+")).filter(c -> !c.isEmpty()).toList();
    JsonNode list = community.path("list");
    if (list.size() <= words.size()) {
      return words;
    }
    List<String> all = new ArrayList<>();
    list.forEach(c -> all.add(c.asString()));
    return all;
  }

  private static Long optionalLong(JsonNode node, String... names) {
    for (String name : names) {
      if (node.has(name)) {
        return node.path(name).asLong();
      }
    }
    return null;
  }
}
