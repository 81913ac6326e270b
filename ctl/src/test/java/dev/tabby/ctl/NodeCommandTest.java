package dev.tabby.ctl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabby.ctl.CannedEndpoint.Answer;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeCommandTest {

  /** A mesh peer and a ToR as the agent types them, and a failed session without a type. */
  private static final String PEERS =
      """
      {"routerId":"10.0.0.1","localAs":64512,"peers":[
        {"address":"10.0.0.2","as":64512,"type":"mesh","state":"Established","uptimeSeconds":90061,
         "received":4,"accepted":4,"advertised":1,"lastError":null},
        {"address":"192.168.1.254","as":65001,"type":"ToR","state":"Established",
         "uptimeSeconds":65,"received":120,"accepted":118,"advertised":1,"lastError":null},
        {"address":"10.0.0.3","as":64512,"state":"Active","uptimeSeconds":0,
         "received":0,"accepted":0,"advertised":0,
         "lastError":"received NOTIFICATION 6/2 (Administrative Shutdown)"}]}
      """;

  private static final String ALL_UP =
      """
      {"routerId":"10.0.0.1","localAs":64512,"peers":[
        {"address":"10.0.0.2","as":64512,"state":"Established","uptimeSeconds":5,
         "received":4,"accepted":4,"advertised":1,"lastError":null}]}
      """;

  /**
   * An agent's {@code /peers}, every field as the agent writes it, while the node restarts
   * gracefully and so does its mesh peer 10.0.0.2.
   */
  static final String RESTARTING = resource("agent-peers-graceful-restart.json");

  static String resource(String name) {
    try (InputStream in = NodeCommandTest.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return TabbyCtl.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  @Test
  void statusListsTheSessionsLikeARouterAndFailsWhenOneIsDown() throws IOException {
    try (CannedEndpoint agent = new CannedEndpoint(Map.of("/peers", Answer.ok(PEERS)))) {
      assertThat(run("node", "status", "--endpoint", agent.uri())).isEqualTo(1);
    }

    assertThat(out.toString())
        .contains("Node router identifier 10.0.0.1, AS 64512")
        .containsPattern("Peer address +Type +State +Since +Received +Advertised +Last error")
        .containsPattern("10\\.0\\.0\\.2 +mesh +Established +1d01h01m +4 +1\n")
        .containsPattern("192\\.168\\.1\\.254 +ToR +Established +00:01:05 +120 +1\n")
        .containsPattern(
            "10\\.0\\.0\\.3 +iBGP +Active +never +0 +0 +received NOTIFICATION 6/2"
                + " \\(Administrative Shutdown\\)");
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void statusShowsTheNodesOwnGracefulRestartAndARestartingPeer() throws IOException {
    try (CannedEndpoint agent = new CannedEndpoint(Map.of("/peers", Answer.ok(RESTARTING)))) {
      assertThat(run("node", "status", "--endpoint", agent.uri())).isEqualTo(1);
    }

    assertThat(out.toString())
        .containsPattern(
            "10\\.0\\.0\\.2 +mesh +Active \\(restarting\\) +never +0 +0 +connection lost")
        .containsPattern("192\\.168\\.1\\.254 +ToR +Established +00:01:05 +120 +1\n")
        .contains(
            "Graceful restart:\n"
                + "  this node: restarting, 12 stale kernel routes kept; own routes sent; waiting"
                + " for End-of-RIB from 10.0.0.2; at most 95s left\n"
                + "  10.0.0.2: restarting, 7 stale routes kept until 2026-12-03T18:02:00Z at the"
                + " latest\n");
  }

  @Test
  void statusExitsZeroWhenEverySessionIsEstablished() throws IOException {
    try (CannedEndpoint agent = new CannedEndpoint(Map.of("/peers", Answer.ok(ALL_UP)))) {
      assertThat(run("node", "status", "--endpoint", agent.uri())).isZero();
    }
  }

  @Test
  void statusAsYamlIsTheAgentsDocument() throws IOException {
    try (CannedEndpoint agent = new CannedEndpoint(Map.of("/peers", Answer.ok(ALL_UP)))) {
      assertThat(run("node", "status", "-o", "yaml", "--endpoint", agent.uri())).isZero();
    }

    assertThat(out.toString()).contains("localAs: 64512").contains("state: \"Established\"");
  }

  @Test
  void anAgentWhoseSpeakerHasNotStartedIsOneLine() throws IOException {
    Answer notStarted = new Answer(503, "{\"error\":\"speaker not started\"}");
    try (CannedEndpoint agent = new CannedEndpoint(Map.of("/peers", notStarted))) {
      assertThat(run("node", "status", "--endpoint", agent.uri())).isEqualTo(1);
    }

    assertThat(err.toString()).endsWith("/peers answered HTTP 503: speaker not started\n");
    assertThat(err.toString().lines()).hasSize(1);
  }

  @Test
  void aBadEndpointIsAUsageError() {
    assertThat(run("node", "status", "--endpoint", "http://[::1")).isEqualTo(2);

    assertThat(err.toString())
        .startsWith("tabbyctl: Invalid value for option '--endpoint'")
        .endsWith("(see: tabbyctl node status --help)\n");
  }

  @Test
  void anUnreachableAgentIsExitCodeThree() {
    assertThat(run("node", "status", "--endpoint", "http://127.0.0.1:1")).isEqualTo(3);

    assertThat(err.toString()).startsWith("tabbyctl: cannot reach http://127.0.0.1:1");
  }
}
