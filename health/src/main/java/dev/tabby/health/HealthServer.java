package dev.tabby.health;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A daemon's HTTP endpoints: {@code /livez} (200 while the process runs), {@code /readyz} (200, or
 * 503 with one line per failing {@link Readiness} check), {@code /metrics} (Prometheus text format)
 * and any path of the daemon's own. Requests are answered on {@value #THREADS} daemon threads: the
 * endpoints are read by probes and scrapers, not by crowds, but one slow answer (the node agent's
 * {@code /routes} streams a whole table to a slow reader) must not keep the kubelet's probes
 * waiting.
 */
public final class HealthServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(HealthServer.class);

  /** One answer of a daemon's own endpoint. */
  public record Response(int status, String contentType, String body) {}

  /** Requests answered at once; more wait for a free thread. */
  public static final int THREADS = 4;

  private final HttpServer server;
  private final ExecutorService executor;

  private HealthServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /**
   * Starts serving at once; {@code /metrics} answers 503 while {@code metrics} gives null (the
   * daemon has not made its metrics yet).
   *
   * @param name the daemon's name, for the thread and the log
   * @param ownEndpoints the daemon's own paths, each answered by its supplier
   */
  public static HealthServer start(
      InetSocketAddress address,
      String name,
      Readiness readiness,
      Supplier<PrometheusRegistry> metrics,
      Map<String, Supplier<Response>> ownEndpoints)
      throws IOException {
    HttpServer server = HttpServer.create(address, 16);
    PrometheusTextFormatWriter text = ExpositionFormats.init().getPrometheusTextFormatWriter();
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
          PrometheusRegistry registry = metrics.get();
          if (registry == null) {
            send(exchange, 503, "text/plain", "starting\n");
            return;
          }
          ByteArrayOutputStream body = new ByteArrayOutputStream();
          text.write(body, registry.scrape());
          send(exchange, 200, text.getContentType(), body.toString(StandardCharsets.UTF_8));
        });
    ownEndpoints.forEach(
        (path, endpoint) ->
            server.createContext(
                path,
                exchange -> {
                  Response response = endpoint.get();
                  send(exchange, response.status(), response.contentType(), response.body());
                }));
    AtomicInteger threads = new AtomicInteger();
    ExecutorService executor =
        Executors.newFixedThreadPool(
            THREADS,
            task -> {
              Thread thread = new Thread(task, name + "-http-" + threads.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    server.setExecutor(executor);
    server.start();
    log.info("event=http-listening address={} threads={}", server.getAddress(), THREADS);
    return new HealthServer(server, executor);
  }

  /**
   * Reads where to serve, {@code ADDRESS:PORT} ({@code 0.0.0.0:9099}, {@code [::]:9099}); an
   * IllegalArgumentException saying what is expected otherwise.
   */
  public static InetSocketAddress parseAddress(String text) {
    int colon = text.lastIndexOf(':');
    try {
      String host = text.substring(0, colon).replace("[", "").replace("]", "");
      return new InetSocketAddress(host, Integer.parseInt(text.substring(colon + 1)));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("'" + text + "' is not ADDRESS:PORT (e.g. 0.0.0.0:9099)");
    }
  }

  /** Serves {@code path} with a handler of the daemon's own that writes its answer itself. */
  public void addHandler(String path, HttpHandler handler) {
    server.createContext(path, handler);
  }

  public InetSocketAddress address() {
    return server.getAddress();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
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
