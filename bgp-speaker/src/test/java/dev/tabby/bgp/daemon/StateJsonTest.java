package dev.tabby.bgp.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import dev.tabby.bgp.wire.PathAttributes;
import dev.tabby.bgp.wire.PathIdFamilies;
import dev.tabby.net.IpPrefix;
import java.io.ByteArrayOutputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
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
