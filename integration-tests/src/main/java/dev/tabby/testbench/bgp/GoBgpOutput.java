package dev.tabby.testbench.bgp;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** Reads the {@code gobgp ... -j} CLI's JSON answers. */
final class GoBgpOutput {

  private static final ObjectMapper JSON = JsonMapper.builder().build();

  /** GoBGP's session_state enum, by number. */
  private static final List<String> STATES =
      List.of("Unknown", "Idle", "Connect", "Active", "OpenSent", "OpenConfirm", "Established");

  private static final int ORIGIN = 1;
  private static final int AS_PATH = 2;
  private static final int NEXT_HOP = 3;
  private static final int MED = 4;
  private static final int LOCAL_PREF = 5;
  private static final int COMMUNITIES = 8;
  private static final int MP_REACH_NLRI = 14;

  private GoBgpOutput() {}

  /** {@code gobgp neighbor -j}. */
  static List<NeighborState> neighbors(String json) {
    List<NeighborState> result = new ArrayList<>();
    for (JsonNode peer : JSON.readTree(json)) {
      JsonNode state = peer.path("state");
      int code = state.path("session_state").asInt(0);
      String name = code >= 0 && code < STATES.size() ? STATES.get(code) : "state " + code;
      // Protobuf's JSON leaves out zero counters, so a missing "accepted" means none.
      long received = 0;
      for (JsonNode family : peer.path("afi_safis")) {
        received += family.path("state").path("accepted").asLong(0);
      }
      result.add(
          new NeighborState(
              state.path("neighbor_address").asString(""),
              name,
              name.equals("Established"),
              received));
    }
    return result;
  }

  /** {@code gobgp global rib -a <family> -j}: paths from peers; locally originated ones skipped. */
  static List<LearnedRoute> routes(String json) {
    List<LearnedRoute> result = new ArrayList<>();
    if (json.isBlank()) {
      return result;
    }
    for (Map.Entry<String, JsonNode> entry : JSON.readTree(json).properties()) {
      for (JsonNode path : entry.getValue()) {
        String peer = path.path("neighbor-ip").asString("");
        if (peer.isEmpty()) {
          continue;
        }
        result.add(
            route(entry.getKey(), peer, path.path("attrs"), path.path("best").asBoolean(false)));
      }
    }
    return result;
  }

  private static LearnedRoute route(String prefix, String peer, JsonNode attributes, boolean best) {
    List<String> nextHops = new ArrayList<>();
    List<Long> asPath = new ArrayList<>();
    List<String> communities = new ArrayList<>();
    Long localPref = null;
    Long med = null;
    for (JsonNode attribute : attributes) {
      switch (attribute.path("type").asInt()) {
        case NEXT_HOP, MP_REACH_NLRI -> {
          if (attribute.has("nexthop")) {
            nextHops.add(attribute.path("nexthop").asString());
          }
        }
        case AS_PATH -> {
          for (JsonNode segment : attribute.path("as_paths")) {
            segment.path("asns").forEach(as -> asPath.add(as.asLong()));
          }
        }
        case MED -> med = attribute.path("metric").asLong();
        case LOCAL_PREF -> localPref = attribute.path("value").asLong();
        case COMMUNITIES ->
            attribute
                .path("communities")
                .forEach(c -> communities.add((c.asLong() >>> 16) + ":" + (c.asLong() & 0xFFFF)));
        case ORIGIN -> {
          // not part of the normalised route
        }
        default -> {
          // other attributes are not part of the normalised route
        }
      }
    }
    return new LearnedRoute(prefix, peer, nextHops, asPath, communities, localPref, med, best);
  }
}
