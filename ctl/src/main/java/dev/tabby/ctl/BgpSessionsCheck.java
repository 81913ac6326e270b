package dev.tabby.ctl;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Every BGP session of this node's agent is Established (its {@code /peers}). */
final class BgpSessionsCheck implements DiagnosticCheck {

  private final StateClient agent;

  BgpSessionsCheck(StateClient agent) {
    this.agent = agent;
  }

  @Override
  public String name() {
    return "bgp-sessions";
  }

  @Override
  public CheckOutcome run() {
    JsonNode state;
    try {
      state = agent.get("/peers");
    } catch (CtlException e) {
      return CheckOutcome.failed(
          name(),
          e.getMessage(),
          "is tabby-node running on this node? --endpoint names its HTTP address"
              + " (TABBY_HTTP_ADDRESS)");
    }
    List<String> down = new ArrayList<>();
    int sessions = 0;
    for (JsonNode peer : state.path("peers")) {
      sessions++;
      String peerState = peer.path("state").asString();
      if (!"Established".equals(peerState)) {
        String type = peer.path("type").asString("");
        String lastError = peer.path("lastError").asString("");
        down.add(
            peer.path("address").asString()
                + (type.isEmpty() ? "" : " (" + type + ")")
                + " is "
                + peerState
                + (lastError.isEmpty() ? "" : ", last error: " + lastError));
      }
    }
    if (!down.isEmpty()) {
      return CheckOutcome.failed(
          name(),
          "session down: " + String.join("; ", down),
          "check that the peer runs and reaches this node on TCP port 179 (its BGP port), that"
              + " both sides agree on the ASes and password, and for a BGPPeer that its peerIP and"
              + " asNumber are right (tabbyctl node status, tabbyctl get bgppeers)");
    }
    return CheckOutcome.ok(name(), sessions + " BGP sessions Established");
  }
}
