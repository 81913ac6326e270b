package dev.tabby.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabby.api.v1.BGPPeer;
import dev.tabby.api.v1.MaxPrefixes;
import dev.tabby.api.v1.PrefixLimitAction;
import dev.tabby.api.v1.PrefixLimitSettings;
import dev.tabby.testbench.ExecResult;
import dev.tabby.testbench.Wait;
import dev.tabby.testbench.bgp.Bird;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A BGPPeer's {@code maxPrefixes} on a real agent peering with the lab's top-of-rack BIRD (tor
 * topology, one rack): BIRD announcing one prefix more than the limit gets Cease 6/1 with the
 * family and the limit, the agent takes the prefixes out of the kernel, its metrics and {@code
 * tabbyctl bgp peers} say so, and the session comes back after the restart interval; with {@code
 * warn} the session and every route stay.
 */
class PrefixLimitIT {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** Short, so that the session's return is seen within the test; long enough to see it down. */
  private static final int RESTART_INTERVAL_SECONDS = 20;

  private static final Duration DEADLINE = Duration.ofSeconds(60);

  /** The limit, and what BIRD announces: within it, then one past it. */
  private static final long MAXIMUM = 3;

  private static final List<String> WITHIN = List.of("198.51.100.0/26", "198.51.100.64/26");
  private static final List<String> PAST = List.of("198.51.100.128/26", "198.51.100.192/26");

  /** The ToR's address on rack 1's link: the node's BGPPeer's peerIP. */
  private static final String TOR = "10.0.1.1";

  private static final String EVENTS =
      "tabby_bgp_prefix_limit_events_total{event=\"%s\",family=\"ipv4-unicast\",peer=\""
          + TOR
          + "\"}";

  @Test
  void aTorPastTheLimitIsCeasedWithdrawnShownAndBackAfterTheIntervalAndWarnOnlyKeepsIt() {
    try (ClusterLab lab = SystemLabs.up(1, Topology.tor)) {
      LabNode node = lab.nodes().get(0);
      Bird tor = lab.tor().orElseThrow();
      setLimit(lab, PrefixLimitAction.TEARDOWN);
      awaitEstablished(node, "the session reset for the new limit");

      WITHIN.forEach(tor::announce);
      WITHIN.forEach(prefix -> awaitKernelRoute(node, prefix, true));
      assertThat(counter(node, "warning")).as("2 of 3 is past the 50%% warning").isEqualTo(1);

      PAST.forEach(tor::announce);

      Wait.until(
          "BIRD to log the Cease 6/1 it received, with AFI 1, SAFI 1 and the limit 3",
          DEADLINE,
          () -> tor.process().log(),
          log -> log.contains("Received: Maximum number of prefixes reached: 00010100000003"));
      for (String prefix : concat(WITHIN, PAST)) {
        awaitKernelRoute(node, prefix, false);
      }
      assertThat(counter(node, "teardown")).isEqualTo(1);
      assertThat(metrics(node))
          .contains("tabby_bgp_peer_prefix_limit{family=\"ipv4-unicast\",peer=\"" + TOR + "\"} 3")
          .contains("tabby_bgp_peer_prefix_limit_down_remaining_seconds{peer=\"" + TOR + "\"}");
      ExecResult peers = lab.tabbyctl(node, "bgp", "peers", "--endpoint", node.httpUrl());
      assertThat(peers.ok()).as("tabbyctl bgp peers: %s", peers.stderr()).isTrue();
      assertThat(peers.stdout())
          .containsPattern(TOR.replace(".", "\\.") + " +65000 +\\S+ \\(prefix-limit-exceeded until")
          .contains("sent NOTIFICATION 6/1")
          .contains(TOR + " ipv4-unicast: 0 of 3 (warning at 50%, teardown, restart after 20s)");

      PAST.forEach(tor::withdraw);
      JsonNode back =
          awaitEstablished(node, "the session back after its " + RESTART_INTERVAL_SECONDS + "s");
      assertThat(back.path("prefixLimitExceededUntil").isNull()).isTrue();
      WITHIN.forEach(prefix -> awaitKernelRoute(node, prefix, true));

      setLimit(lab, PrefixLimitAction.WARN);
      awaitEstablished(node, "the session reset for the warn-only limit");
      PAST.forEach(tor::announce);
      Wait.until("the excess counted, warn only", DEADLINE, () -> counter(node, "exceeded") == 1);
      concat(WITHIN, PAST).forEach(prefix -> awaitKernelRoute(node, prefix, true));
      JsonNode kept = peer(node);
      assertThat(kept.path("state").asString()).isEqualTo("Established");
      assertThat(kept.path("acceptedPerFamily").path("ipv4-unicast").asLong()).isEqualTo(4);
      assertThat(counter(node, "teardown")).as("no second teardown").isEqualTo(1);
    }
  }

  /** The rack's BGPPeer with an IPv4 limit of {@value #MAXIMUM}, warning at 50%. */
  private static void setLimit(ClusterLab lab, PrefixLimitAction action) {
    BGPPeer peer =
        lab.api().list(BGPPeer.class).stream()
            .filter(p -> p.getMetadata().getName().equals("tor-rack1"))
            .findFirst()
            .orElseThrow();
    PrefixLimitSettings ipv4 = new PrefixLimitSettings();
    ipv4.setMaximum(MAXIMUM);
    ipv4.setWarningPercent(50);
    ipv4.setAction(action);
    ipv4.setRestartIntervalSeconds(RESTART_INTERVAL_SECONDS);
    MaxPrefixes maxPrefixes = new MaxPrefixes();
    maxPrefixes.setIpv4(ipv4);
    peer.getSpec().setMaxPrefixes(maxPrefixes);
    peer.getMetadata().setResourceVersion(null);
    lab.api().apply(peer);
  }

  /** Waits for the ToR's session to be Established with the limit the BGPPeer now gives. */
  private static JsonNode awaitEstablished(LabNode node, String what) {
    return Wait.until(
        what,
        DEADLINE,
        () -> peer(node),
        p ->
            p.path("state").asString("").equals("Established")
                && p.path("prefixLimits").path("ipv4-unicast").path("maximum").asLong() == MAXIMUM);
  }

  /** The ToR's session on the agent's {@code /peers}; a missing node while it cannot be read. */
  private static JsonNode peer(LabNode node) {
    ExecResult result = node.host().exec("curl", "-s", "-m", "5", node.httpUrl() + "/peers");
    if (!result.ok() || result.stdout().isBlank()) {
      return JSON.missingNode();
    }
    for (JsonNode peer : JSON.readTree(result.stdout()).path("peers")) {
      if (peer.path("address").asString().equals(TOR)) {
        return peer;
      }
    }
    return JSON.missingNode();
  }

  private static void awaitKernelRoute(LabNode node, String prefix, boolean present) {
    Wait.until(
        node.name() + "'s kernel " + (present ? "to route " : "to no longer route ") + prefix,
        DEADLINE,
        () -> node.host().execOk("ip", "-4", "route", "show", prefix).stdout(),
        routes -> routes.contains(prefix) == present);
  }

  private static String metrics(LabNode node) {
    return node.host().execOk("curl", "-s", "-m", "5", node.httpUrl() + "/metrics").stdout();
  }

  /** The agent's count of the ToR's IPv4 prefix-limit events of the kind; 0 before the first. */
  private static long counter(LabNode node, String event) {
    String series = EVENTS.formatted(event) + " ";
    return metrics(node)
        .lines()
        .filter(line -> line.startsWith(series))
        .mapToLong(line -> (long) Double.parseDouble(line.substring(series.length())))
        .findFirst()
        .orElse(0);
  }

  private static List<String> concat(List<String> first, List<String> second) {
    return Stream.concat(first.stream(), second.stream()).toList();
  }
}
