package dev.tabby.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.net.InetAddresses;
import dev.tabby.bfd.BfdParameters;
import dev.tabby.bfd.BfdPeer;
import dev.tabby.bfd.BfdSessionStatus;
import dev.tabby.bfd.BfdState;
import dev.tabby.bfd.Diagnostic;
import dev.tabby.bgp.BgpSpeaker;
import dev.tabby.bgp.PeerConfig;
import dev.tabby.bgp.PeerStatus;
import dev.tabby.bgp.SpeakerConfig;
import dev.tabby.health.HealthServer;
import dev.tabby.health.Readiness;
import dev.tabby.net.IpAddress;
import dev.tabby.net.IpPrefix;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class AgentHttpServerTest {

  @Test
  void routesServesTheSpeakersTableOnceItRuns() throws Exception {
    AtomicReference<BgpSpeaker> speaker = new AtomicReference<>();
    try (HealthServer http =
        AgentHttpServer.start(
            new InetSocketAddress("127.0.0.1", 0),
            new Readiness(),
            speaker::get,
            () -> null,
            Map::of,
            peers -> null,
            peer -> Optional.empty())) {
      assertThat(get(http, "/routes").statusCode()).isEqualTo(503);

      speaker.set(
          BgpSpeaker.start(
              new SpeakerConfig(
                  (Inet4Address) InetAddresses.forString("10.0.0.1"), 64512, null, null)));
      try {
        speaker.get().originate(IpPrefix.parse("10.244.0.0/26"));
        speaker.get().routeCount().get(); // the RIB has taken the route in

        HttpResponse<String> routes = get(http, "/routes");
        assertThat(routes.statusCode()).isEqualTo(200);
        assertThat(routes.body()).contains("\"prefix\":\"10.244.0.0/26\"").contains("\"count\":1");
        assertThat(get(http, "/routes?count").body()).contains("1");
        assertThat(get(http, "/routes/x").statusCode()).isEqualTo(404);
      } finally {
        speaker.get().close();
      }
    }
  }

  @Test
  void peersGiveEachSessionItsTypeWhereThePlanKnowsIt() throws Exception {
    InetAddress tor = InetAddresses.forString("192.0.2.1");
    InetAddress unplanned = InetAddresses.forString("192.0.2.2");
    BgpSpeaker running =
        BgpSpeaker.start(
            new SpeakerConfig(
                (Inet4Address) InetAddresses.forString("10.0.0.1"), 64512, null, null));
    try (HealthServer http =
        AgentHttpServer.start(
            new InetSocketAddress("127.0.0.1", 0),
            new Readiness(),
            () -> running,
            () -> null,
            () -> Map.of(tor, PeerType.TOR),
            peers ->
                new RestartRecovery.Status(
                    true,
                    12,
                    false,
                    peers.stream().map(PeerStatus::address).toList(),
                    Duration.ofSeconds(100)),
            peer -> peer.equals(tor) ? Optional.of(bfdDown(tor)) : Optional.empty())) {
      running.setPeers(
          List.of(
              PeerConfig.builder(tor, 65000).passive(true).build(),
              PeerConfig.builder(unplanned, 65001).passive(true).build()));

      String peers = get(http, "/peers").body();

      assertThat(peers)
          .contains("\"address\":\"192.0.2.1\",\"as\":65000,\"type\":\"ToR\"")
          .contains("\"address\":\"192.0.2.2\",\"as\":65001,\"state\"");
      assertThat(peers)
          .contains(
              "\"gracefulRestart\":{\"restarting\":true,\"staleKernelRoutes\":12,"
                  + "\"ownRoutesSent\":false,\"waitingForEndOfRib\":[\"192.0.2.1\",\"192.0.2.2\"],"
                  + "\"remainingSeconds\":100}");
      assertThat(peers)
          .contains("\"bfd\":{\"state\":\"Down\",\"remoteState\":\"Init\"")
          .containsOnlyOnce("\"bfd\"");
    } finally {
      running.close();
    }
  }

  /** A BFD session to {@code peer} that is down while the peer's side is in Init. */
  private static BfdSessionStatus bfdDown(InetAddress peer) {
    return new BfdSessionStatus(
        new BfdPeer(IpAddress.parse("192.0.2.100"), IpAddress.of(peer)),
        BfdState.DOWN,
        BfdState.INIT,
        Diagnostic.NONE,
        1,
        0,
        BfdParameters.DEFAULT,
        Duration.ofSeconds(1),
        Duration.ofSeconds(1),
        3,
        Duration.ofSeconds(1),
        Duration.ofSeconds(3),
        false,
        4,
        1,
        0,
        0,
        0);
  }

  private static HttpResponse<String> get(HealthServer http, String path) throws Exception {
    URI uri = URI.create("http://127.0.0.1:" + http.address().getPort() + path);
    return HttpClient.newHttpClient()
        .send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
  }
}
