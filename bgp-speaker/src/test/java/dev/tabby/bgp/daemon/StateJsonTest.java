package dev.tabby.bgp.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tabby.bfd.BfdParameters;
import dev.tabby.bfd.BfdPeer;
import dev.tabby.bfd.BfdSessionStatus;
import dev.tabby.bfd.BfdState;
import dev.tabby.bfd.Diagnostic;
import dev.tabby.bgp.PeerStatus;
import dev.tabby.bgp.SpeakerConfig;
import dev.tabby.bgp.rib.PeerCounters;
import dev.tabby.bgp.rib.PrefixLimit;
import dev.tabby.bgp.rib.Route;
import dev.tabby.bgp.session.NegotiatedSession;
import dev.tabby.bgp.session.SessionState;
import dev.tabby.bgp.wire.AddressFamily;
import dev.tabby.bgp.wire.AsPath;
import dev.tabby.bgp.wire.Communities;
import dev.tabby.bgp.wire.GracefulRestart;
import dev.tabby.bgp.wire.LongLivedGracefulRestart;
import dev.tabby.bgp.wire.PathAttributes;
import dev.tabby.bgp.wire.PathIdFamilies;
import dev.tabby.net.IpAddress;
import dev.tabby.net.IpPrefix;
import java.io.ByteArrayOutputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The state endpoint's JSON: the fields tabbyctl reads. */
class StateJsonTest {

  private final StateJson json = new StateJson();
  private final JsonMapper mapper = JsonMapper.builder().build();

  @Test
  void peersCarryStateCapabilitiesCountsAndLastError() throws Exception {
    Inet4Address routerId = (Inet4Address) InetAddress.getByName("10.0.0.1");
    var negotiated =
        new NegotiatedSession(
            (Inet4Address) InetAddress.getByName("10.0.0.2"),
            Duration.ofSeconds(9),
            Set.of(AddressFamily.IPV6_UNICAST, AddressFamily.IPV4_UNICAST),
            true,
            true,
            routerId,
            4_200_000_001L,
            null,
            false,
            new PathIdFamilies(Set.of(AddressFamily.IPV6_UNICAST), Set.of()),
            true,
            null);
    var up =
        new PeerStatus(
            InetAddress.getByName("fd00:12::2"),
            4_200_000_001L,
            SessionState.ESTABLISHED,
            Duration.ofSeconds(61),
            negotiated,
            new PeerCounters(5, 4, 3, 2, false),
            2,
            7,
            1500,
            null,
            Map.of(
                AddressFamily.IPV4_UNICAST,
                new PrefixLimit(1000, 80, PrefixLimit.Action.TEARDOWN, Duration.ofMinutes(5))),
            Instant.parse("2026-01-02T03:04:05Z"),
            Map.of(AddressFamily.IPV6_UNICAST, 1L, AddressFamily.IPV4_UNICAST, 3L),
            Instant.parse("2026-01-02T03:06:00Z"));
    var down =
        new PeerStatus(
            InetAddress.getByName("10.0.0.3"),
            65000,
            SessionState.ACTIVE,
            Duration.ZERO,
            null,
            new PeerCounters(0, 0, 0),
            0,
            0,
            0,
            "sent NOTIFICATION 4/0 (Hold Timer Expired): nothing received for 9s",
            Map.of(),
            null,
            Map.of(),
            null);

    JsonNode root =
        mapper.readTree(
            json.peers(new SpeakerConfig(routerId, 65000, null, null), List.of(up, down)));

    assertThat(root.path("routerId").asString()).isEqualTo("10.0.0.1");
    JsonNode first = root.path("peers").get(0);
    assertThat(first.path("address").asString()).isEqualTo("fd00:12::2");
    assertThat(first.path("as").asLong()).isEqualTo(4_200_000_001L);
    assertThat(first.path("state").asString()).isEqualTo("Established");
    assertThat(first.path("uptimeSeconds").asLong()).isEqualTo(61);
    JsonNode limit = first.path("prefixLimits").path("ipv4-unicast");
    assertThat(limit.path("maximum").asLong()).isEqualTo(1000);
    assertThat(limit.path("warningPercent").asInt()).isEqualTo(80);
    assertThat(limit.path("action").asString()).isEqualTo("teardown");
    assertThat(limit.path("restartIntervalSeconds").asLong()).isEqualTo(300);
    assertThat(first.path("prefixLimitExceededUntil").asString()).isEqualTo("2026-01-02T03:04:05Z");
    assertThat(first.path("capabilities").path("families").toString())
        .isEqualTo("[\"ipv4-unicast\",\"ipv6-unicast\"]");
    assertThat(first.path("capabilities").path("holdTimeSeconds").asLong()).isEqualTo(9);
    assertThat(first.path("capabilities").path("addPaths").toString())
        .isEqualTo("{\"send\":[\"ipv6-unicast\"],\"receive\":[]}");
    assertThat(first.path("capabilities").path("extendedNextHop").asBoolean()).isTrue();
    assertThat(first.path("received").asLong()).isEqualTo(5);
    assertThat(first.path("accepted").asLong()).isEqualTo(4);
    assertThat(first.path("acceptedPerFamily").toString())
        .isEqualTo("{\"ipv4-unicast\":3,\"ipv6-unicast\":1}");
    assertThat(first.path("stale").asLong()).isEqualTo(2);
    assertThat(first.path("restarting").asBoolean()).isTrue();
    assertThat(first.path("staleUntil").asString()).isEqualTo("2026-01-02T03:06:00Z");
    assertThat(root.path("peers").get(1).path("staleUntil").isNull()).isTrue();
    assertThat(first.path("advertised").asLong()).isEqualTo(3);
    assertThat(first.path("readPauses").asLong()).isEqualTo(2);
    assertThat(first.path("queuedUpdates").asLong()).isEqualTo(7);
    assertThat(first.path("queuedBytes").asLong()).isEqualTo(1500);
    assertThat(first.path("lastError").isNull()).isTrue();
    assertThat(root.path("peers").get(1).path("lastError").asString())
        .startsWith("sent NOTIFICATION 4/0");
  }

  @Test
  void establishedPeersShowThePeersRestartCapabilitiesForTheNegotiatedFamiliesAndTheirBfd()
      throws Exception {
    Inet4Address routerId = (Inet4Address) InetAddress.getByName("10.0.0.1");
    InetAddress address = InetAddress.getByName("10.0.0.2");
    // The peer offers ipv6-unicast in both restart capabilities too; only ipv4 was negotiated.
    var negotiated =
        new NegotiatedSession(
            (Inet4Address) address,
            Duration.ofSeconds(90),
            Set.of(AddressFamily.IPV4_UNICAST),
            true,
            true,
            routerId,
            65002,
            new GracefulRestart(
                false,
                120,
                Map.of(AddressFamily.IPV4_UNICAST, true, AddressFamily.IPV6_UNICAST, false),
                true),
            true,
            new PathIdFamilies(Set.of(), Set.of(AddressFamily.IPV4_UNICAST)),
            false,
            new LongLivedGracefulRestart(
                Map.of(
                    AddressFamily.IPV4_UNICAST,
                    new LongLivedGracefulRestart.Family(false, 3600),
                    AddressFamily.IPV6_UNICAST,
                    new LongLivedGracefulRestart.Family(true, 60))));
    var peer = withoutRoutes(address, 65002, SessionState.ESTABLISHED, negotiated);
    var withoutBfd =
        withoutRoutes(InetAddress.getByName("10.0.0.3"), 65003, SessionState.ACTIVE, null);
    BfdSessionStatus bfd =
        new BfdSessionStatus(
            new BfdPeer(IpAddress.of(routerId), IpAddress.of(address)),
            BfdState.UP,
            BfdState.UP,
            Diagnostic.CONTROL_DETECTION_TIME_EXPIRED,
            1,
            2,
            BfdParameters.ofMillis(100, 100, 3),
            Duration.ofMillis(300),
            Duration.ofMillis(300),
            3,
            Duration.ofMillis(300),
            Duration.ofMillis(900),
            false,
            10,
            9,
            0,
            2,
            1);

    JsonNode root =
        mapper.readTree(
            json.peers(
                new SpeakerConfig(routerId, 65000, null, null),
                List.of(peer, withoutBfd),
                a -> null,
                a -> a.equals(address) ? Optional.of(bfd) : Optional.empty()));

    JsonNode first = root.path("peers").get(0);
    JsonNode capabilities = first.path("capabilities");
    assertThat(capabilities.path("gracefulRestart").toString())
        .isEqualTo(
            "{\"restartTimeSeconds\":120,\"notification\":true,"
                + "\"families\":[\"ipv4-unicast\"],\"forwardingPreserved\":[\"ipv4-unicast\"]}");
    assertThat(capabilities.path("longLivedGracefulRestart").toString())
        .isEqualTo("{\"ipv4-unicast\":{\"staleTimeSeconds\":3600,\"forwardingPreserved\":false}}");
    assertThat(capabilities.path("addPaths").toString())
        .isEqualTo("{\"send\":[],\"receive\":[\"ipv4-unicast\"]}");
    assertThat(capabilities.path("extendedMessages").asBoolean()).isTrue();
    assertThat(capabilities.path("fourOctetAs").asBoolean()).isTrue();
    assertThat(capabilities.path("routeRefresh").asBoolean()).isTrue();
    assertThat(first.path("bfd").toString())
        .isEqualTo(
            "{\"state\":\"Up\",\"remoteState\":\"Up\",\"multihop\":false,"
                + "\"diagnostic\":\"control-detection-time-expired\",\"transmitIntervalMs\":300,"
                + "\"detectionTimeMs\":900,\"upCount\":2,\"downCount\":1}");
    JsonNode second = root.path("peers").get(1);
    assertThat(second.has("bfd")).isFalse();
    assertThat(second.path("capabilities").has("gracefulRestart")).isFalse();
  }

  /** A peer that sent and was sent nothing, without prefix limits or errors. */
  private static PeerStatus withoutRoutes(
      InetAddress address, long as, SessionState state, NegotiatedSession negotiated) {
    return new PeerStatus(
        address,
        as,
        state,
        state == SessionState.ESTABLISHED ? Duration.ofSeconds(5) : Duration.ZERO,
        negotiated,
        new PeerCounters(0, 0, 0),
        0,
        0,
        0,
        null,
        Map.of(),
        null,
        Map.of(),
        null);
  }

  @Test
  void routesCarryAttributesAndOrigin() throws Exception {
    PathAttributes attributes =
        PathAttributes.builder()
            .asPath(AsPath.sequence(65001, 65002))
            .nextHop(InetAddress.getByName("10.0.0.2"))
            .localPref(100)
            .med(5)
            .communities(Communities.parse("65001:7"))
            .build();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (StateJson.RouteListing listing = json.routeListing(out)) {
      listing.add(
          new Route(IpPrefix.parse("10.1.0.0/24"), PathAttributes.builder().build(), null),
          List.of());
      listing.add(
          new Route(IpPrefix.parse("10.2.0.0/24"), attributes, null),
          List.of(InetAddress.getByName("10.0.0.2"), InetAddress.getByName("10.0.0.3")));
      listing.finish(null);
    }

    JsonNode root = mapper.readTree(out.toString(StandardCharsets.UTF_8));

    assertThat(root.path("count").asLong()).isEqualTo(2);
    assertThat(root.has("next")).isFalse();
    JsonNode route = root.path("routes").get(1);
    assertThat(route.path("prefix").asString()).isEqualTo("10.2.0.0/24");
    assertThat(route.path("nextHop").asString()).isEqualTo("10.0.0.2");
    assertThat(route.path("nextHops").toString()).isEqualTo("[\"10.0.0.2\",\"10.0.0.3\"]");
    assertThat(root.path("routes").get(0).has("nextHops")).as("a route with no next hop").isFalse();
    assertThat(route.path("asPath").asString()).isEqualTo("65001 65002");
    assertThat(route.path("origin").asString()).isEqualTo("IGP");
    assertThat(route.path("localPref").asLong()).isEqualTo(100);
    assertThat(route.path("med").asLong()).isEqualTo(5);
    assertThat(route.path("communities").toString()).isEqualTo("[\"65001:7\"]");
    assertThat(route.path("from").asString()).isEqualTo("local");
  }

  @Test
  void aListingCutShortByItsLimitSaysWhereTheNextPageStarts() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (StateJson.RouteListing listing = json.routeListing(out)) {
      listing.add(
          new Route(IpPrefix.parse("10.1.0.0/24"), PathAttributes.builder().build(), null),
          List.of());
      listing.finish(IpPrefix.parse("10.1.0.0/24"));
    }

    JsonNode root = mapper.readTree(out.toString(StandardCharsets.UTF_8));

    assertThat(root.path("count").asLong()).isEqualTo(1);
    assertThat(root.path("next").asString()).isEqualTo("10.1.0.0/24");
  }

  @Test
  void aListingThatFailsHalfwayIsNotValidJson() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (StateJson.RouteListing listing = json.routeListing(out)) {
      listing.add(
          new Route(IpPrefix.parse("10.1.0.0/24"), PathAttributes.builder().build(), null),
          List.of());
    }

    assertThatThrownBy(() -> mapper.readTree(out.toString(StandardCharsets.UTF_8)))
        .isInstanceOf(JacksonException.class);
  }

  @Test
  void aRouteCountIsOnlyTheCount() throws Exception {
    JsonNode root = mapper.readTree(json.routeCount(1_000_000));

    assertThat(root.path("count").asLong()).isEqualTo(1_000_000);
    assertThat(root.has("routes")).isFalse();
  }
}
