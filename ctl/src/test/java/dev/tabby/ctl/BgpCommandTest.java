package dev.tabby.ctl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabby.ctl.CannedEndpoint.Answer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BgpCommandTest {

  private static final Map<String, Answer> ANSWERS =
      Map.of(
          "/peers",
          Answer.ok(
              """
          {"routerId":"10.0.0.1","localAs":65000,"peers":[
            {"address":"10.0.0.2","as":4200000001,"state":"Established","uptimeSeconds":3725,
             "capabilities":{"families":["ipv4-unicast","ipv6-unicast"],"fourOctetAs":true},
             "received":12,"accepted":10,"advertised":3,"queuedUpdates":5,
             "queuedBytes":4096,"lastError":null,
             "prefixLimits":{"ipv4-unicast":{"maximum":1000,"warningPercent":80,
               "action":"teardown","restartIntervalSeconds":300}},
             "prefixLimitExceededUntil":null},
            {"address":"10.0.0.3","as":65000,"state":"Idle","uptimeSeconds":0,
             "capabilities":{"families":[]},"received":0,"accepted":0,"advertised":0,
             "lastError":"sent NOTIFICATION 6/1 (Cease / Maximum Number of Prefixes Reached)",
             "prefixLimits":{},"prefixLimitExceededUntil":"2026-01-02T03:04:05Z"}]}
          """),
          "/routes?limit=10000",
          Answer.ok(
              """
          {"routes":[{"prefix":"10.0.9.0/24","nextHop":"10.0.0.2",
            "nextHops":["10.0.0.2","10.0.0.3"],"localPref":100,"asPath":"","origin":"IGP",
            "communities":[],"from":"10.0.0.2"},
            {"prefix":"10.1.0.0/24","nextHop":"10.0.0.2","localPref":100,
            "asPath":"4200000001","origin":"IGP","communities":["65000:7"],"from":"10.0.0.2"}],
           "count":2,"next":"10.1.0.0/24"}
          """),
          "/routes?after=10.1.0.0%2F24&limit=10000",
          Answer.ok(
              """
          {"routes":[{"prefix":"10.2.0.0/24","asPath":"","origin":"IGP","communities":[],
            "from":"local"}],"count":1}
          """),
          "/routes?within=10.0.0.0%2F8&peer=10.0.0.2&community=65000%3A7&limit=1",
          Answer.ok(
              """
          {"routes":[{"prefix":"10.1.0.0/24","nextHop":"10.0.0.2","localPref":100,
            "asPath":"4200000001","origin":"IGP","communities":["65000:7"],"from":"10.0.0.2"}],
           "count":1,"next":"10.1.0.0/24"}
          """),
          "/routes?count",
          Answer.ok(
              """
          {"count":2}
          """));

  private static final String BAD_QUERY = "/routes?within=10.0.0.1%2F8&limit=10000";

  private CannedEndpoint server;
  private String endpoint;
  private List<String> requested;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeEach
  void serveCannedState() throws IOException {
    Map<String, Answer> answers = new HashMap<>(ANSWERS);
    answers.put(
        BAD_QUERY, new Answer(400, "{\"error\":\"within: prefix 10.0.0.1/8 has host bits set\"}"));
    server = new CannedEndpoint(answers);
    endpoint = server.uri();
    requested = server.requested();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private int run(String... args) {
    return TabbyCtl.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  @Test
  void peersPrintsASummaryTable() {
    assertThat(run("bgp", "peers", "--endpoint", endpoint)).isZero();

    assertThat(out.toString())
        .contains("BGP router identifier 10.0.0.1, local AS number 65000")
        .containsPattern("Neighbor +AS +State +Up/Down +Rcvd +Accepted +Sent +InQ +OutQ")
        .containsPattern("10\\.0\\.0\\.2 +4200000001 +Established +01:02:05 +12 +10 +3 +5 +4096")
        .containsPattern(
            "10\\.0\\.0\\.3 +65000 +Idle \\(prefix-limit-exceeded until 2026-01-02T03:04:05Z\\)"
                + " +never")
        .contains("10.0.0.3: sent NOTIFICATION 6/1 (Cease / Maximum Number of Prefixes Reached)")
        .contains("Prefix limits:")
        .contains("10.0.0.2 ipv4-unicast: 0 of 1000 (warning at 80%, teardown, restart after 300s)")
        .contains("Total number of neighbors 2");
  }

  @Test
  void peersShowPrefixesAgainstLimitsAndGracefulRestartFromAnAgent() throws IOException {
    try (CannedEndpoint agent =
        new CannedEndpoint(Map.of("/peers", Answer.ok(NodeCommandTest.RESTARTING)))) {
      assertThat(run("bgp", "peers", "--endpoint", agent.uri())).isZero();
    }

    assertThat(out.toString())
        .containsPattern("10\\.0\\.0\\.2 +64512 +Active \\(restarting\\) +never +0 +0 +0")
        .contains(
            "192.168.1.254 ipv4-unicast: 118 of 150 (warning at 80%, teardown, restart after"
                + " 300s)")
        .contains(
            "Graceful restart:\n"
                + "  this node: restarting, 12 stale kernel routes kept; own routes sent; waiting"
                + " for End-of-RIB from 10.0.0.2; at most 95s left\n"
                + "  10.0.0.2: restarting, 7 stale routes kept until 2026-12-03T18:02:00Z at the"
                + " latest\n");
  }

  /** An agent's sessions: a reflector with every capability and BFD, and one down. */
  private static final String NEGOTIATED =
      """
      {"routerId":"10.0.0.1","localAs":64512,"peers":[
        {"address":"10.0.0.9","as":64512,"type":"reflector","state":"Established",
         "uptimeSeconds":65,
         "capabilities":{"families":["ipv4-unicast","ipv6-unicast"],"fourOctetAs":true,
           "routeRefresh":true,"extendedNextHop":true,"holdTimeSeconds":90,
           "peerRouterId":"10.0.0.9","extendedMessages":false,
           "addPaths":{"send":["ipv6-unicast"],"receive":["ipv4-unicast","ipv6-unicast"]},
           "gracefulRestart":{"restartTimeSeconds":120,"notification":true,
             "families":["ipv4-unicast","ipv6-unicast"],"forwardingPreserved":["ipv4-unicast"]},
           "longLivedGracefulRestart":{"ipv4-unicast":{"staleTimeSeconds":3600,
             "forwardingPreserved":false}}},
         "received":12,"accepted":10,"acceptedPerFamily":{"ipv4-unicast":8,"ipv6-unicast":2},
         "advertised":3,"lastError":null,
         "prefixLimits":{"ipv4-unicast":{"maximum":1000,"warningPercent":80,
           "action":"warn","restartIntervalSeconds":300}},
         "bfd":{"state":"Up","remoteState":"Up","multihop":false,"diagnostic":"none",
           "transmitIntervalMs":300,"detectionTimeMs":900,"upCount":2,"downCount":1}},
        {"address":"fd00::3","as":65003,"state":"Active","uptimeSeconds":0,
         "capabilities":{"families":[]},"received":0,"accepted":0,"advertised":0,
         "lastError":"connect: Connection refused","prefixLimits":{}}]}
      """;

  @Test
  void neighborShowsWhatTheOpensNegotiatedAndBfdLikeShowBgpNeighbors() throws IOException {
    try (CannedEndpoint agent = new CannedEndpoint(Map.of("/peers", Answer.ok(NEGOTIATED)))) {
      assertThat(run("bgp", "neighbor", "10.0.0.9", "--endpoint", agent.uri())).isZero();
    }

    assertThat(out.toString())
        .isEqualTo(
            """
            BGP neighbor is 10.0.0.9, remote AS 64512, type reflector
              BGP state Established, up for 00:01:05
              Peer router ID 10.0.0.9, hold time 90s
              Negotiated capabilities:
                Address families:   ipv4-unicast, ipv6-unicast
                4-byte AS:          yes
                Route refresh:      yes
                Extended messages:  no
                Extended next hop:  yes
                ADD-PATH:           ipv4-unicast receive, ipv6-unicast send+receive
                Graceful restart:   restart time 120s, N bit; ipv4-unicast (F bit), ipv6-unicast
                Long-lived GR:      ipv4-unicast stale time 3600s
              BFD: Up (remote Up), single hop, transmit 300ms, detection 900ms, flaps 1
              Prefixes: received 12, accepted 10 (ipv4-unicast 8, ipv6-unicast 2), sent 3
              Prefix limit ipv4-unicast: 8 of 1000 (warning at 80%, warn, restart after 300s)
            """);
    assertThat(out.toString().lines().mapToInt(String::length).max().orElseThrow())
        .isLessThanOrEqualTo(100);
  }

  @Test
  void neighborWithoutAnAddressShowsEverySessionAndOneDownHasNoCapabilities() throws IOException {
    try (CannedEndpoint agent = new CannedEndpoint(Map.of("/peers", Answer.ok(NEGOTIATED)))) {
      assertThat(run("bgp", "peer", "--endpoint", agent.uri())).isZero();
    }

    assertThat(out.toString())
        .contains("BGP neighbor is 10.0.0.9, remote AS 64512, type reflector\n")
        .contains(
            """

            BGP neighbor is fd00::3, remote AS 65003
              BGP state Active, up for never
              Negotiated capabilities: none (not Established)
              BFD: no session
              Prefixes: received 0, accepted 0, sent 0
              Last error: connect: Connection refused
            """);
  }

  @Test
  void neighborNamesAnAddressWithNoSession() throws IOException {
    try (CannedEndpoint agent = new CannedEndpoint(Map.of("/peers", Answer.ok(NEGOTIATED)))) {
      assertThat(run("bgp", "neighbor", "fd00:0::3", "-o", "json", "--endpoint", agent.uri()))
          .isZero();
      assertThat(out.toString()).contains("\"address\" : \"fd00::3\"");
      assertThat(run("bgp", "neighbor", "10.0.0.7", "--endpoint", agent.uri())).isEqualTo(1);
      assertThat(err.toString()).contains("no BGP session with 10.0.0.7 at " + agent.uri());
      assertThat(run("bgp", "neighbor", "tor", "--endpoint", agent.uri())).isEqualTo(2);
      assertThat(err.toString()).contains("'tor' is not an IP address");
    }
  }

  @Test
  void routesPrintsTheLocRibPageByPage() {
    assertThat(run("bgp", "routes", "--endpoint", endpoint)).isZero();

    assertThat(out.toString())
        .containsPattern("10\\.1\\.0\\.0/24 +10\\.0\\.0\\.2 +100 +4200000001 i +65000:7")
        .containsPattern("10\\.2\\.0\\.0/24 +i +local")
        .as("an ECMP route's every next hop")
        .containsPattern("10\\.0\\.9\\.0/24 +10\\.0\\.0\\.2,10\\.0\\.0\\.3 +100 +i")
        .contains("Total number of prefixes 3")
        .doesNotContain("More routes follow");
    assertThat(out.toString().lines().filter(line -> line.startsWith("Network"))).hasSize(1);
    assertThat(requested)
        .containsExactly("/routes?limit=10000", "/routes?after=10.1.0.0%2F24&limit=10000");
  }

  @Test
  void routesFiltersAreAskedOfTheEndpoint() {
    assertThat(
            run(
                "bgp",
                "routes",
                "--within",
                "10.0.0.0/8",
                "--peer",
                "10.0.0.2",
                "--community",
                "65000:7",
                "--limit",
                "1",
                "--endpoint",
                endpoint))
        .isZero();

    assertThat(requested)
        .containsExactly("/routes?within=10.0.0.0%2F8&peer=10.0.0.2&community=65000%3A7&limit=1");
    assertThat(out.toString())
        .contains("Total number of prefixes 1")
        .contains("More routes follow: --after 10.1.0.0/24");
  }

  @Test
  void aRefusedFilterIsOneLineWithTheEndpointsReason() {
    assertThat(run("bgp", "routes", "--within", "10.0.0.1/8", "--endpoint", endpoint)).isEqualTo(1);

    assertThat(err.toString())
        .endsWith("answered HTTP 400: within: prefix 10.0.0.1/8 has host bits set\n");
  }

  @Test
  void routesCountPrintsOnlyTheCount() {
    assertThat(run("bgp", "routes", "--count", "--endpoint", endpoint)).isZero();

    assertThat(out.toString()).isEqualTo("Total number of prefixes 2\n");
  }

  @Test
  void jsonOutputIsTheEndpointsJson() {
    assertThat(run("bgp", "peers", "-o", "json", "--endpoint", endpoint)).isZero();

    assertThat(out.toString()).contains("\"routerId\" : \"10.0.0.1\"");
  }

  @Test
  void yamlOutputIsTheEndpointsDocumentAsYaml() {
    assertThat(run("bgp", "peers", "-o", "yaml", "--endpoint", endpoint)).isZero();

    assertThat(out.toString())
        .contains("routerId: \"10.0.0.1\"")
        .contains("- address: \"10.0.0.2\"");
  }

  @Test
  void aBadArgumentIsOneLineAndExitCodeTwo() {
    assertThat(run("bgp", "routes", "--limit", "many", "--endpoint", endpoint)).isEqualTo(2);

    assertThat(err.toString())
        .startsWith("tabbyctl: Invalid value for option '--limit'")
        .endsWith("(see: tabbyctl bgp routes --help)\n");
    assertThat(err.toString().lines()).hasSize(1);
    assertThat(requested).isEmpty();
  }

  @Test
  void anUnknownOutputFormatIsAUsageError() {
    assertThat(run("bgp", "peers", "-o", "xml", "--endpoint", endpoint)).isEqualTo(2);

    assertThat(err.toString()).contains("'--output'").contains("[table, json, yaml]");
    assertThat(err.toString().lines()).hasSize(1);
  }

  @Test
  void unreachableEndpointIsOneLineAndExitCodeThree() {
    server.close();

    assertThat(run("bgp", "peers", "--endpoint", endpoint)).isEqualTo(3);

    assertThat(err.toString()).startsWith("tabbyctl: cannot reach " + endpoint);
    assertThat(err.toString().lines()).hasSize(1);
  }
}
