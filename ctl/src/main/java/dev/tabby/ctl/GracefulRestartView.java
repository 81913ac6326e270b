package dev.tabby.ctl;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Graceful restart (RFC 4724) as {@code tabbyctl bgp peers} and {@code tabbyctl node status} show
 * it, from a {@code /peers} document: the peers restarting (their routes kept, stale, until a
 * deadline) and, from a node agent, the node's own restart (its kernel routes kept until every peer
 * is back and sent End-of-RIB).
 */
final class GracefulRestartView {

  private GracefulRestartView() {}

  /** The peer's FSM state, marked when the peer is restarting and its routes are kept stale. */
  static String state(JsonNode peer) {
    String state = peer.path("state").asString();
    return peer.path("restarting").asBoolean(false) ? state + " (restarting)" : state;
  }

  /** Prints a "Graceful restart:" section of {@link #lines}, after a blank line; none if empty. */
  static void print(PrintWriter out, JsonNode state) {
    List<String> lines = lines(state);
    if (!lines.isEmpty()) {
      out.println();
      out.println("Graceful restart:");
      lines.forEach(line -> out.println("  " + line));
    }
  }

  /** One line per restarting party, the node first; empty when none restarts. */
  static List<String> lines(JsonNode state) {
    List<String> lines = new ArrayList<>();
    JsonNode own = state.path("gracefulRestart");
    if (own.path("restarting").asBoolean(false)) {
      List<String> waiting = new ArrayList<>();
      own.path("waitingForEndOfRib").forEach(peer -> waiting.add(peer.asString()));
      lines.add(
          String.format(
              "this node: restarting, %d stale kernel routes kept; own routes %s; %s; at most %ds"
                  + " left",
              own.path("staleKernelRoutes").asLong(),
              own.path("ownRoutesSent").asBoolean() ? "sent" : "not sent yet",
              waiting.isEmpty()
                  ? "every peer sent End-of-RIB"
                  : "waiting for End-of-RIB from " + String.join(", ", waiting),
              own.path("remainingSeconds").asLong()));
    }
    for (JsonNode peer : state.path("peers")) {
      if (peer.path("restarting").asBoolean(false)) {
        String until = peer.path("staleUntil").asString("");
        lines.add(
            String.format(
                "%s: restarting, %d stale routes kept%s",
                peer.path("address").asString(),
                peer.path("stale").asLong(),
                until.isEmpty() ? "" : " until " + until + " at the latest"));
      }
    }
    return lines;
  }
}
