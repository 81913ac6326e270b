package dev.tabby.node;

import dev.tabby.bgp.BgpSpeaker;
import dev.tabby.bgp.daemon.RoutesEndpoint;
import dev.tabby.bgp.daemon.StateJson;
import dev.tabby.health.HealthServer;
import dev.tabby.health.HealthServer.Response;
import dev.tabby.health.Readiness;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The agent's HTTP endpoints: the probes and metrics every Tabby daemon serves ({@link
 * HealthServer}), and the speaker's state as {@code tabbyctl bgp peers} and {@code tabbyctl bgp
 * routes} read it ({@code /peers}, and the tabby-bgp daemon's own streaming {@code /routes}).
 */
final class AgentHttpServer {

  private AgentHttpServer() {}

  /**
   * Serves the probes at once; metrics and BGP state answer 503 until {@code speaker} and {@code
   * metrics} give something. Each session on {@code /peers} carries its {@link PeerType} ({@code
   * "type"}) when {@code peerTypes} knows its address.
   */
  static HealthServer start(
      InetSocketAddress address,
      Readiness readiness,
      Supplier<BgpSpeaker> speaker,
      Supplier<AgentMetrics> metrics,
      Supplier<Map<InetAddress, PeerType>> peerTypes)
      throws IOException {
    StateJson json = new StateJson();
    Supplier<Response> peers =
        () -> {
          BgpSpeaker current = speaker.get();
          return current == null
              ? new Response(503, "application/json", "{\"error\":\"speaker not started\"}")
              : new Response(
                  200,
                  "application/json",
                  json.peers(
                      current.config(),
                      current.peers(),
                      peer -> {
                        PeerType type = peerTypes.get().get(peer);
                        return type == null ? null : type.label();
                      }));
        };
    HealthServer server =
        HealthServer.start(
            address,
            "tabby-node",
            readiness,
            () -> {
              AgentMetrics current = metrics.get();
              return current == null ? null : current.registry();
            },
            Map.of("/peers", peers));
    AtomicReference<RoutesEndpoint> routes = new AtomicReference<>();
    server.addHandler(
        "/routes",
        exchange -> {
          BgpSpeaker current = speaker.get();
          if (current == null || !exchange.getRequestURI().getPath().equals("/routes")) {
            try (exchange) {
              exchange.sendResponseHeaders(current == null ? 503 : 404, -1);
            }
          } else {
            routes.updateAndGet(r -> r == null ? new RoutesEndpoint(current) : r).handle(exchange);
          }
        });
    return server;
  }
}
