package dev.tabby.ctl;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * One session of a {@code /peers} document in detail, as a router's {@code show bgp neighbors}
 * prints it: state, what the OPENs negotiated (families, 4-byte AS, route refresh, extended
 * messages and next hop, ADD-PATH per family and direction, the peer's graceful restart and
 * long-lived graceful restart), BFD, prefixes and limits, last error.
 */
final class BgpNeighborView {

  /** Width of the capability names, so their values line up. */
  private static final String CAPABILITY = "    %-19s %s%n";

  private BgpNeighborView() {}

  static String render(JsonNode peer) {
    StringBuilder out = new StringBuilder();
    String type = peer.path("type").asString("");
    out.append(
        String.format(
            "BGP neighbor is %s, remote AS %s%s%n",
            peer.path("address").asString(),
            peer.path("as").asString(),
            type.isEmpty() ? "" : ", type " + type));
    out.append(
        String.format(
            "  BGP state %s, up for %s%n",
            GracefulRestartView.state(peer),
            Durations.compact(peer.path("uptimeSeconds").asLong())));
    JsonNode capabilities = peer.path("capabilities");
    if (!capabilities.has("peerRouterId")) {
      out.append("  Negotiated capabilities: none (not Established)\n");
    } else {
      out.append(
          String.format(
              "  Peer router ID %s, hold time %ds%n",
              capabilities.path("peerRouterId").asString(),
              capabilities.path("holdTimeSeconds").asLong()));
      out.append("  Negotiated capabilities:\n");
      out.append(String.format(CAPABILITY, "Address families:", families(capabilities)));
      out.append(String.format(CAPABILITY, "4-byte AS:", yesNo(capabilities, "fourOctetAs")));
      out.append(String.format(CAPABILITY, "Route refresh:", yesNo(capabilities, "routeRefresh")));
      out.append(
          String.format(CAPABILITY, "Extended messages:", yesNo(capabilities, "extendedMessages")));
      out.append(
          String.format(CAPABILITY, "Extended next hop:", yesNo(capabilities, "extendedNextHop")));
      out.append(String.format(CAPABILITY, "ADD-PATH:", addPaths(capabilities.path("addPaths"))));
      out.append(
          String.format(
              CAPABILITY,
              "Graceful restart:",
              gracefulRestart(capabilities.path("gracefulRestart"))));
      out.append(
          String.format(
              CAPABILITY,
              "Long-lived GR:",
              longLivedGracefulRestart(capabilities.path("longLivedGracefulRestart"))));
    }
    out.append("  BFD: ").append(bfd(peer.path("bfd"))).append('\n');
    out.append(
        String.format(
            "  Prefixes: received %d, accepted %d%s, sent %d%n",
            peer.path("received").asLong(),
            peer.path("accepted").asLong(),
            perFamily(peer.path("acceptedPerFamily")),
            peer.path("advertised").asLong()));
    for (String limit : prefixLimits(peer)) {
      out.append("  Prefix limit ").append(limit).append('\n');
    }
    String error = peer.path("lastError").asString("");
    if (!error.isEmpty()) {
      out.append("  Last error: ").append(error).append('\n');
    }
    return out.toString();
  }

  /**
   * Each prefix limit of the peer with the prefixes held against it: {@code ipv4-unicast: 118 of
   * 150 (warning at 80%, teardown, restart after 300s)}.
   */
  static List<String> prefixLimits(JsonNode peer) {
    List<String> lines = new ArrayList<>();
    for (Map.Entry<String, JsonNode> limit : peer.path("prefixLimits").properties()) {
      JsonNode l = limit.getValue();
      lines.add(
          String.format(
              "%s: %d of %d (warning at %d%%, %s, restart after %ds)",
              limit.getKey(),
              peer.path("acceptedPerFamily").path(limit.getKey()).asLong(0),
              l.path("maximum").asLong(),
              l.path("warningPercent").asInt(),
              l.path("action").asString(),
              l.path("restartIntervalSeconds").asLong()));
    }
    return lines;
  }

  private static String families(JsonNode capabilities) {
    List<String> families = BgpCommand.texts(capabilities.path("families"));
    return families.isEmpty() ? "none" : String.join(", ", families);
  }

  private static String yesNo(JsonNode capabilities, String field) {
    return capabilities.path(field).asBoolean(false) ? "yes" : "no";
  }

  /** {@code ipv4-unicast send+receive, ipv6-unicast receive}, or {@code none}. */
  private static String addPaths(JsonNode addPaths) {
    List<String> send = BgpCommand.texts(addPaths.path("send"));
    List<String> receive = BgpCommand.texts(addPaths.path("receive"));
    List<String> parts = new ArrayList<>();
    for (String family : List.of("ipv4-unicast", "ipv6-unicast")) {
      boolean sends = send.contains(family);
      boolean receives = receive.contains(family);
      if (sends || receives) {
        parts.add(family + " " + (sends && receives ? "send+receive" : sends ? "send" : "receive"));
      }
    }
    return parts.isEmpty() ? "none" : String.join(", ", parts);
  }

  /**
   * The peer's capability: {@code restart time 120s, N bit; ipv4-unicast (F bit), ipv6-unicast},
   * the N bit of RFC 8538 when set, and the negotiated families it restarts gracefully in, each
   * with its F bit (forwarding state kept) when set.
   */
  private static String gracefulRestart(JsonNode restart) {
    if (restart.isMissingNode()) {
      return "not offered by the peer";
    }
    List<String> preserved = BgpCommand.texts(restart.path("forwardingPreserved"));
    List<String> families = new ArrayList<>();
    for (String family : BgpCommand.texts(restart.path("families"))) {
      families.add(family + (preserved.contains(family) ? " (F bit)" : ""));
    }
    return "restart time "
        + restart.path("restartTimeSeconds").asLong()
        + "s"
        + (restart.path("notification").asBoolean(false) ? ", N bit" : "")
        + "; "
        + (families.isEmpty() ? "no negotiated family" : String.join(", ", families));
  }

  /** The peer's capability: {@code ipv4-unicast stale time 3600s}, per negotiated family. */
  private static String longLivedGracefulRestart(JsonNode restart) {
    if (restart.isMissingNode()) {
      return "not offered by the peer";
    }
    List<String> parts = new ArrayList<>();
    for (Map.Entry<String, JsonNode> family : restart.properties()) {
      parts.add(
          family.getKey()
              + " stale time "
              + family.getValue().path("staleTimeSeconds").asLong()
              + "s"
              + (family.getValue().path("forwardingPreserved").asBoolean(false) ? " (F bit)" : ""));
    }
    return parts.isEmpty() ? "no negotiated family" : String.join(", ", parts);
  }

  /** {@code Up (remote Up), single hop, transmit 300ms, detection 900ms, flaps 1}. */
  private static String bfd(JsonNode bfd) {
    if (bfd.isMissingNode()) {
      return "no session";
    }
    return String.format(
        "%s (remote %s), %s, transmit %dms, detection %dms, flaps %d%s",
        bfd.path("state").asString(),
        bfd.path("remoteState").asString(),
        bfd.path("multihop").asBoolean(false) ? "multihop" : "single hop",
        bfd.path("transmitIntervalMs").asLong(),
        bfd.path("detectionTimeMs").asLong(),
        bfd.path("downCount").asLong(),
        bfd.path("diagnostic").asString("none").equals("none")
            ? ""
            : ", last diagnostic " + bfd.path("diagnostic").asString());
  }

  /** {@code (ipv4-unicast 8, ipv6-unicast 2)}; empty without families. */
  private static String perFamily(JsonNode perFamily) {
    List<String> parts = new ArrayList<>();
    for (Map.Entry<String, JsonNode> family : perFamily.properties()) {
      parts.add(family.getKey() + " " + family.getValue().asLong());
    }
    return parts.isEmpty() ? "" : " (" + String.join(", ", parts) + ")";
  }
}
