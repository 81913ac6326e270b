package dev.tabby.testbench.bgp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Replays what ExaBGP told its API process (one JSON event per line, plus "done"/"error"
 * acknowledgements of commands) into sessions and the routes each peer currently announces.
 */
final class ExaBgpEvents {

  private static final ObjectMapper JSON = JsonMapper.builder().build();

  private final Map<String, String> stateOfPeer = new LinkedHashMap<>();
  private final Map<String, Map<String, LearnedRoute>> routesOfPeer = new LinkedHashMap<>();
  private final List<String> acknowledgements = new ArrayList<>();

  private ExaBgpEvents() {}

  static ExaBgpEvents replay(String eventLog) {
    ExaBgpEvents events = new ExaBgpEvents();
    eventLog.lines().map(String::strip).filter(l -> !l.isEmpty()).forEach(events::apply);
    return events;
  }

  /** Last state ExaBGP reported per peer address: connected, up, down. */
  Map<String, String> states() {
    return stateOfPeer;
  }

  List<LearnedRoute> routes() {
    return routesOfPeer.values().stream().flatMap(m -> m.values().stream()).toList();
  }

  /** "done" or "error", one per command ExaBGP has processed, in order. */
  List<String> acknowledgements() {
    return acknowledgements;
  }

  private void apply(String line) {
    if (line.equals("done") || line.equals("error")) {
      acknowledgements.add(line);
      return;
    }
    if (!line.startsWith("{")) {
      return; // answers to show commands
    }
    JsonNode event = JSON.readTree(line);
    JsonNode neighbor = event.path("neighbor");
    String peer = neighbor.path("address").path("peer").asString("");
    switch (event.path("type").asString("")) {
      case "state" -> {
        String state = neighbor.path("state").asString("");
        stateOfPeer.put(peer, state);
        if (!state.equals("up")) {
          routesOfPeer.remove(peer);
        }
      }
      case "update" -> update(peer, neighbor.path("message").path("update"));
      default -> {
        // keepalives, notifications, and the like change neither sessions nor routes here
      }
    }
  }

  private void update(String peer, JsonNode update) {
    Map<String, LearnedRoute> routes =
        routesOfPeer.computeIfAbsent(peer, p -> new LinkedHashMap<>());
    for (JsonNode family : update.path("withdraw").values()) {
      family.forEach(nlri -> routes.remove(nlri.path("nlri").asString("")));
    }
    JsonNode attributes = update.path("attribute");
    List<Long> asPath = new ArrayList<>();
    attributes.path("as-path").forEach(as -> asPath.add(as.asLong()));
    List<String> communities = new ArrayList<>();
    attributes
        .path("community")
        .forEach(c -> communities.add(c.path(0).asLong() + ":" + c.path(1).asLong()));
    Long localPref =
        attributes.has("local-preference") ? attributes.path("local-preference").asLong() : null;
    Long med = attributes.has("med") ? attributes.path("med").asLong() : null;
    for (JsonNode family : update.path("announce").values()) {
      for (Map.Entry<String, JsonNode> byNextHop : family.properties()) {
        for (JsonNode nlri : byNextHop.getValue()) {
          String prefix = nlri.path("nlri").asString("");
          routes.put(
              prefix,
              new LearnedRoute(
                  prefix,
                  peer,
                  List.of(byNextHop.getKey()),
                  asPath,
                  communities,
                  localPref,
                  med,
                  true)); // ExaBGP selects nothing: every received path counts as best
        }
      }
    }
  }
}
