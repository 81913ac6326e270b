package dev.tabby.node;

import com.google.common.net.InetAddresses;
import dev.tabby.bfd.BfdSessionStatus;
import dev.tabby.bgp.BgpSpeaker;
import dev.tabby.bgp.PeerStatus;
import dev.tabby.bgp.daemon.RoutesEndpoint;
import dev.tabby.bgp.daemon.StateJson;
import dev.tabby.health.HealthServer;
import dev.tabby.health.HealthServer.Response;
import dev.tabby.health.Readiness;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

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
   * "type"}) when {@code peerTypes} knows its address, and the document the node's own graceful
   * restart ({@code "gracefulRestart"}) once {@code ownRestart} gives it for the peers, and each
   * session with BFD its BFD session ({@code "bfd"}) as {@code bfd} gives it.
   */
  static HealthServer start(
      InetSocketAddress address,
      Readiness readiness,
      Supplier<BgpSpeaker> speaker,
      Supplier<AgentMetrics> metrics,
      Supplier<Map<InetAddress, PeerType>> peerTypes,
      Function<List<PeerStatus>, RestartRecovery.Status> ownRestart,
      Function<InetAddress, Optional<BfdSessionStatus>> bfd)
      throws IOException {
    StateJson json = new StateJson();
    Supplier<Response> peers =
        () -> {
          BgpSpeaker current = speaker.get();
          if (current == null) {
            return new Response(503, "application/json", "{\"error\":\"speaker not started\"}");
          }
          List<PeerStatus> sessions = current.peers();
          String document =
              json.peers(
                  current.config(),
                  sessions,
                  peer -> {
                    PeerType type = peerTypes.get().get(peer);
                    return type == null ? null : type.label();
                  },
                  bfd);
          RestartRecovery.Status restart = ownRestart.apply(sessions);
          return new Response(
              200,
              "application/json",
              restart == null ? document : withOwnRestart(document, restart));
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

  private static final JsonMapper JSON = JsonMapper.builder().build();

  /**
   * {@code /peers} with the node's own graceful restart: {@code "gracefulRestart": {"restarting",
   * "staleKernelRoutes", "ownRoutesSent", "waitingForEndOfRib": [addresses], "remainingSeconds"}}.
   */
  static String withOwnRestart(String peers, RestartRecovery.Status restart) {
    ObjectNode root = (ObjectNode) JSON.readTree(peers);
    ObjectNode node = root.putObject("gracefulRestart");
    node.put("restarting", restart.restarting());
    node.put("staleKernelRoutes", restart.staleKernelRoutes());
    node.put("ownRoutesSent", restart.ownRoutesSent());
    ArrayNode waiting = node.putArray("waitingForEndOfRib");
    restart.waitingFor().forEach(peer -> waiting.add(InetAddresses.toAddrString(peer)));
    node.put("remainingSeconds", restart.timeLeft().toSeconds());
    return JSON.writeValueAsString(root);
  }
}
