package dev.tabby.bgp.daemon;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tabby.bgp.BgpSpeaker;
import dev.tabby.bgp.wire.SocketAddresses;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Serves the speaker's state as JSON: {@code GET /peers}, {@code GET /routes[?count]}. */
final class StateServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(StateServer.class);

  /**
   * Threads answering requests: the JDK's server reads a request on the thread that answers it, so
   * one thread let a client that sent half a request block every other client.
   */
  static final int THREADS = 4;

  /**
   * How long a client may take to send its request, and to read its answer (a listing of millions
   * of routes takes seconds), before its connection is closed; with {@link #THREADS} threads,
   * stalled clients hold the endpoint for at most this long.
   */
  static final Duration REQUEST_TIME = Duration.ofSeconds(5);

  static final Duration RESPONSE_TIME = Duration.ofMinutes(2);

  static {
    // Read once, when the JDK's server class is loaded: before the first server is made.
    System.setProperty("sun.net.httpserver.maxReqTime", Long.toString(REQUEST_TIME.toSeconds()));
    System.setProperty("sun.net.httpserver.maxRspTime", Long.toString(RESPONSE_TIME.toSeconds()));
  }

  private static final AtomicInteger THREAD_NUMBER = new AtomicInteger();

  private final HttpServer server;

  private StateServer(HttpServer server) {
    this.server = server;
  }

  static StateServer start(InetSocketAddress address, BgpSpeaker speaker) throws IOException {
    HttpServer server = HttpServer.create(address, 16);
    StateJson json = new StateJson();
    server.createContext(
        "/peers",
        exchange -> answer(exchange, () -> json.peers(speaker.config(), speaker.peers())));
    server.createContext(
        "/routes",
        exchange -> {
          String query = exchange.getRequestURI().getQuery();
          boolean countOnly = query != null && query.contains("count");
          // A count asks the RIB thread for its size: no list of a million paths to count.
          answer(
              exchange,
              countOnly
                  ? () -> json.routeCount(speaker.routeCount().join())
                  : () -> json.routes(speaker.routes().join()));
        });
    server.setExecutor(Executors.newFixedThreadPool(THREADS, StateServer::daemonThread));
    server.start();
    log.info("event=http-listening address={}", SocketAddresses.toText(server.getAddress()));
    if (!address.getAddress().isLoopbackAddress()) {
      log.warn(
          "event=http-exposed address={} reason=\"the state endpoint has no authentication;"
              + " anyone who can reach it reads every peer and route\" fix=\"http: {address:"
              + " 127.0.0.1}\"",
          SocketAddresses.toText(server.getAddress()));
    }
    return new StateServer(server);
  }

  InetSocketAddress address() {
    return server.getAddress();
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private static void answer(HttpExchange exchange, Callable<String> body) throws IOException {
    try (exchange) {
      if (!"GET".equals(exchange.getRequestMethod())) {
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      if (!exchange.getRequestURI().getPath().equals(exchange.getHttpContext().getPath())) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      byte[] bytes;
      int status;
      try {
        bytes = body.call().getBytes(StandardCharsets.UTF_8);
        status = 200;
      } catch (Exception e) {
        log.warn("event=http-error path={} reason=\"{}\"", exchange.getRequestURI(), e.toString());
        bytes =
            ("{\"error\":\"" + e.getClass().getSimpleName() + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        status = 500;
      }
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  private static Thread daemonThread(Runnable runnable) {
    Thread thread = new Thread(runnable, "tabby-bgp-http-" + THREAD_NUMBER.incrementAndGet());
    thread.setDaemon(true);
    return thread;
  }
}
