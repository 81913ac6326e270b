package dev.tabby.bgp;

import static dev.tabby.bgp.PeerLink.PEER;
import static dev.tabby.bgp.PeerLink.TABBY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tabby.testbench.Host;
import dev.tabby.testbench.Lab;
import dev.tabby.testbench.Wait;
import dev.tabby.testbench.bgp.BgpDaemonConfig;
import dev.tabby.testbench.bgp.Bird;
import dev.tabby.testbench.bgp.Frr;
import dev.tabby.testbench.bgp.Neighbor;
import dev.tabby.testbench.bgp.TabbyBgp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Extended messages (RFC 8654) with FRR and BIRD: both sides offer the capability, and a route with
 * 1,500 standard communities (a 6,000-byte attribute, which no 4,096-byte UPDATE holds) crosses
 * intact in both directions. A peer without the capability is never sent such a route and keeps its
 * session.
 */
class TabbyExtendedMessagesIT {

  private static final int COMMUNITIES = 1500;

  /** Tabby's route too long for 4,096 bytes, and a short one. */
  private static final String TABBY_LONG = "10.1.0.0/24";

  private static final String TABBY_SHORT = "10.1.1.0/24";

  /** The peer's route too long for 4,096 bytes. */
  private static final String PEER_LONG = "10.9.0.0/24";

  /** {@code "AS:0"} to {@code "AS:1499"}. */
  private static List<String> communities(long as) {
    return IntStream.range(0, COMMUNITIES).mapToObj(i -> as + ":" + i).toList();
  }

  /**
   * Tabby in AS 65000 with eBGP peers (address and AS), originating {@value #TABBY_LONG} with 1,500
   * communities and {@value #TABBY_SHORT} with one. Connect retry of 1 s: a peer may not listen yet
   * at Tabby's first attempt.
   */
  private static String tabbyConfig(String... peers) {
    StringBuilder yaml =
        new StringBuilder(
            """
            routerId: 10.0.0.1
            localAs: 65000
            peers:
            """);
    for (int i = 0; i < peers.length; i += 2) {
      yaml.append("  - {address: ")
          .append(peers[i])
          .append(", as: ")
          .append(peers[i + 1])
          .append(", connectRetryTime: 1}\n");
    }
    String many =
        communities(65000).stream()
            .map(c -> "\"" + c + "\"")
            .collect(Collectors.joining(", ", "[", "]"));
    return yaml.append("prefixes:\n  - {prefix: ")
        .append(TABBY_LONG)
        .append(", communities: ")
        .append(many)
        .append("}\n  - {prefix: ")
        .append(TABBY_SHORT)
        .append(", communities: [\"65000:1\"]}\n")
        .toString();
  }

  @Test
  void frrAndTabbyNegotiateItAndExchangeRoutesTooLongFor4096BytesBothWays() {
    try (Lab lab = Lab.create()) {
      PeerLink link = PeerLink.create(lab, "frr");
      Frr frr = startFrr(link);
      originateWithManyCommunities(frr);
      TabbyBgp tabby = TabbyBgp.start(link.tabby(), tabbyConfig(PEER, "65001"));

      JsonNode session = tabby.awaitEstablished(PEER);
      assertThat(session.path("capabilities").path("extendedMessages").asBoolean()).isTrue();
      frr.awaitEstablished(TABBY);
      // FRR offers the capability unasked; its own view of the session says both sides did.
      assertThat(frrCapability(frr, "extendedMessage")).isEqualTo("advertisedAndReceived");

      assertThat(frr.awaitRoute(TABBY_LONG).communities()).isEqualTo(communities(65000));
      assertThat(communitiesAtTabby(tabby, PEER_LONG)).isEqualTo(communities(65001));
    }
  }

  @Test
  void turnedOffForAPeerItIsNotOfferedToFrrWhichOffersIt() {
    try (Lab lab = Lab.create()) {
      PeerLink link = PeerLink.create(lab, "frr");
      Frr frr = startFrr(link);
      TabbyBgp tabby =
          TabbyBgp.start(
              link.tabby(),
              tabbyConfig(PEER, "65001")
                  .replace(
                      "connectRetryTime: 1}", "connectRetryTime: 1, extendedMessages: false}"));

      JsonNode session = tabby.awaitEstablished(PEER);
      assertThat(session.path("capabilities").path("extendedMessages").asBoolean()).isFalse();
      frr.awaitEstablished(TABBY);
      // FRR offered it; Tabby's OPEN did not.
      assertThat(frrCapability(frr, "extendedMessage")).isEqualTo("advertised");
      // Nothing longer than 4,096 bytes is sent: FRR gets the short route, not the long one.
      assertThat(frr.awaitRoute(TABBY_SHORT).communities()).containsExactly("65000:1");
      Wait.until(
          "Tabby to say it did not send the long route to FRR",
          Duration.ofSeconds(20),
          () -> tooLongFor(tabby.process().log(), TABBY_LONG, PEER));
      assertThat(frr.routes(TABBY_LONG)).isEmpty();
    }
  }

  @Test
  void birdWithItExchangesLongRoutesBothWaysAndBirdWithoutIsNeverSentOne() {
    try (Lab lab = Lab.create()) {
      PeerLink link = PeerLink.create(lab, "bird");
      Host plainHost = lab.host("plain");
      lab.link(link.tabby(), "eth1", plainHost, "eth0");
      link.tabby().addAddress("eth1", "10.0.1.1/24");
      plainHost.addAddress("eth0", "10.0.1.2/24");
      Bird extended =
          Bird.start(
              link.peer(),
              BgpDaemonConfig.builder(PEER, 65001).neighbor(Neighbor.of(TABBY, 65000)).build());
      // BIRD offers extended messages only when told to.
      extended.reconfigureEdited(
          config ->
              config.replace(
                      "protocol bgp peer1 {\n",
                      "protocol bgp peer1 {\n  enable extended messages on;\n")
                  + staticWithManyCommunities(PEER_LONG, 65001));
      Bird plain =
          Bird.start(
              plainHost,
              BgpDaemonConfig.builder("10.0.1.2", 65002)
                  .neighbor(Neighbor.of("10.0.1.1", 65000))
                  .build());
      TabbyBgp tabby =
          TabbyBgp.start(link.tabby(), tabbyConfig(PEER, "65001", "10.0.1.2", "65002"));

      assertThat(
              tabby
                  .awaitEstablished(PEER)
                  .path("capabilities")
                  .path("extendedMessages")
                  .asBoolean())
          .isTrue();
      assertThat(
              tabby
                  .awaitEstablished("10.0.1.2")
                  .path("capabilities")
                  .path("extendedMessages")
                  .asBoolean())
          .isFalse();
      extended.awaitEstablished(TABBY);
      plain.awaitEstablished("10.0.1.1");
      // BIRD's own view: both sides offered it to the first; the second did not offer it.
      assertThat(capabilities(extended, "Local capabilities")).contains("Extended message");
      assertThat(capabilities(extended, "Neighbor capabilities")).contains("Extended message");
      assertThat(capabilities(plain, "Local capabilities")).doesNotContain("Extended message");
      assertThat(capabilities(plain, "Neighbor capabilities")).contains("Extended message");

      assertThat(extended.awaitRoute(TABBY_LONG).communities()).isEqualTo(communities(65000));
      assertThat(communitiesAtTabby(tabby, PEER_LONG)).isEqualTo(communities(65001));

      // The peer without it gets the short route, and neither long one: Tabby's own, nor the one
      // it learned in an UPDATE longer than 4,096 bytes (RFC 8654 §4: must not be sent).
      assertThat(plain.awaitRoute(TABBY_SHORT).communities()).containsExactly("65000:1");
      Wait.until(
          "Tabby to say it sent neither long route to 10.0.1.2",
          Duration.ofSeconds(20),
          () -> {
            String log = tabby.process().log();
            return tooLongFor(log, TABBY_LONG, "10.0.1.2")
                && tooLongFor(log, PEER_LONG, "10.0.1.2");
          });
      assertThat(plain.routes(TABBY_LONG)).isEmpty();
      assertThat(plain.routes(PEER_LONG)).isEmpty();
      // Nothing longer than 4,096 bytes reached it: BIRD would have closed the session with
      // Message Header Error / Bad Message Length.
      assertThat(plain.neighbor("10.0.1.1").established()).isTrue();
      JsonNode plainAtTabby = tabby.peer("10.0.1.2");
      assertThat(plainAtTabby.path("state").asString()).isEqualTo("Established");
      assertThat(plainAtTabby.path("lastError").asString("")).isEmpty();
      assertThat(plain.process().log()).doesNotContain("Bad message length");
    }
  }

  /** FRR in AS 65001 peering with Tabby in AS 65000. */
  private static Frr startFrr(PeerLink link) {
    return Frr.start(
        link.peer(),
        BgpDaemonConfig.builder(PEER, 65001).neighbor(Neighbor.of(TABBY, 65000)).build());
  }

  /** FRR's view of a capability of its session with Tabby: advertised, received or both. */
  private static String frrCapability(Frr frr, String name) {
    return JsonMapper.builder()
        .build()
        .readTree(frr.vtysh("show bgp neighbors " + TABBY + " json").orThrow().stdout())
        .path(TABBY)
        .path("neighborCapabilities")
        .path(name)
        .asString();
  }

  /** Whether Tabby logged that a route of {@code prefix} was too long for the peer. */
  private static boolean tooLongFor(String log, String prefix, String peer) {
    return log.lines()
        .anyMatch(
            line ->
                line.contains("event=route-too-long")
                    && line.contains("first=" + prefix)
                    && line.contains("peer " + peer + " "));
  }

  /** The communities of Tabby's route to {@code prefix}, once it has one. */
  private static List<String> communitiesAtTabby(TabbyBgp tabby, String prefix) {
    List<String> communities = new ArrayList<>();
    tabby.awaitRoute(prefix).path("communities").forEach(c -> communities.add(c.asString()));
    return communities;
  }

  /**
   * FRR originates {@value #PEER_LONG} with 1,500 communities: a route map adds them, 100 per entry
   * (a vty line holds a few thousand characters), each entry going on to the next.
   */
  private static void originateWithManyCommunities(Frr frr) {
    List<String> commands = new ArrayList<>(List.of("configure terminal"));
    List<String> all = communities(65001);
    for (int entry = 0; entry < COMMUNITIES / 100; entry++) {
      commands.add("route-map MANY-COMMUNITIES permit " + (entry + 1) * 10);
      commands.add(
          "set community "
              + String.join(" ", all.subList(entry * 100, entry * 100 + 100))
              + " additive");
      if (entry < COMMUNITIES / 100 - 1) {
        commands.add("on-match next");
      }
    }
    commands.addAll(
        List.of(
            "router bgp 65001",
            "address-family ipv4 unicast",
            "network " + PEER_LONG + " route-map MANY-COMMUNITIES"));
    String said = frr.vtysh(commands.toArray(String[]::new)).orThrow().stdout();
    // vtysh exits 0 even when bgpd refuses a line; it says why on stdout.
    assertThat(said).as("FRR's answer to the route map").isBlank();
  }

  /** A BIRD static protocol originating {@code prefix} with 1,500 communities of {@code as}. */
  private static String staticWithManyCommunities(String prefix, long as) {
    StringBuilder out =
        new StringBuilder("protocol static many_communities {\n  ipv4;\n  route ")
            .append(prefix)
            .append(" blackhole {\n");
    for (int i = 0; i < COMMUNITIES; i++) {
      out.append("    bgp_community.add((").append(as).append(", ").append(i).append("));\n");
    }
    return out.append("  };\n}\n").toString();
  }

  /**
   * The lines of a section of BIRD's {@code show protocols all peer1}: "Local capabilities" or
   * "Neighbor capabilities", up to the next line indented no deeper than its heading.
   */
  private static String capabilities(Bird bird, String heading) {
    List<String> lines =
        bird.birdc("show", "protocols", "all", "peer1").orThrow().stdout().lines().toList();
    StringBuilder section = new StringBuilder();
    int indent = -1;
    for (String line : lines) {
      int depth = line.length() - line.stripLeading().length();
      if (indent < 0) {
        if (line.strip().equals(heading)) {
          indent = depth;
        }
      } else if (depth <= indent) {
        break;
      } else {
        section.append(line.strip()).append('\n');
      }
    }
    assertThat(indent).as("%s in BIRD's protocol peer1", heading).isNotNegative();
    return section.toString();
  }
}
