package dev.tabby.node;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tabby.bgp.BgpSpeaker;
import dev.tabby.bgp.daemon.StateJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's HTTP endpoints: {@code /livez}, {@code /readyz}, {@code /metrics}, and the speaker's
 * sessions as {@code tabbyctl bgp peers} reads them ({@code /peers}).
 */
final class AgentHttpServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(AgentHttpServer.class);

  private final HttpServer server;

  private AgentHttpServer(HttpServer server) {
    this.server = server;
  }

  /**
   * Serves the probes at once; metrics and BGP state answer 503 until {@code speaker} and {@code
   * metrics} give something.
   */
  static AgentHttpServer start(
      InetSocketAddress address,
      Readiness readiness,
      Supplier<BgpSpeaker> speaker,
      Supplier<AgentMetrics> metrics)
      throws IOException {
    HttpServer server = HttpServer.create(address, 16);
    StateJson json = new StateJson();
    server.createContext("/livez", exchange -> send(exchange, 200, "text/plain", "ok\n"));
    server.createContext(
        "/readyz",
        exchange -> {
          List<String> problems = readiness.problems();
          if (problems.isEmpty()) {
            send(exchange, 200, "text/plain", "ok\n");
          } else {
            send(exchange, 503, "text/plain", String.join("\n", problems) + "\n");
          }
        });
    server.createContext(
        "/metrics",
        exchange -> {
          AgentMetrics current = metrics.get();
          if (current == null) {
            send(exchange, 503, "text/plain", "starting\n");
            return;
          }
          ByteArrayOutputStream body = new ByteArrayOutputStream();
          current.write(body);
          send(exchange, 200, current.contentType(), body.toString(StandardCharsets.UTF_8));
        });
    server.createContext(
        "/peers",
        exchange -> {
          BgpSpeaker current = speaker.get();
          if (current == null) {
            send(exchange, 503, "application/json", "{\"error\":\"speaker not started\"}");
          } else {
            send(exchange, 200, "application/json", json.peers(current.config(), current.peers()));
          }
        });
    server.setExecutor(
        Executors.newSingleThreadExecutor(
            task -> {
              Thread thread = new Thread(task, "tabby-node-http");
              thread.setDaemon(true);
              return thread;
            }));
    server.start();
    log.info("event=http-listening address={}", server.getAddress());
    return new AgentHttpServer(server);
  }

  InetSocketAddress address() {
    return server.getAddress();
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private static void send(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    try (exchange) {
      if (!exchange.getRequestURI().getPath().equals(exchange.getHttpContext().getPath())) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", type);
      exchange.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }
}
