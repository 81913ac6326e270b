package dev.tabby.bgp.daemon;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tabby.bfd.BfdSessionStatus;
import dev.tabby.bgp.BgpSpeaker;
import dev.tabby.bgp.wire.SocketAddresses;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/** Serves the speaker's state as JSON: {@code GET /peers}, {@code GET /routes} (see README). */
public final class StateServer implements AutoCloseable {

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

  private static final JsonMapper ERROR_JSON = JsonMapper.builder().build();

  private final HttpServer server;

  private StateServer(HttpServer server) {
    this.server = server;
  }

  /** A state server for a speaker whose peers run no BFD. */
  public static StateServer start(InetSocketAddress address, BgpSpeaker speaker)
      throws IOException {
    return start(address, speaker, peer -> Optional.empty());
  }

  /**
   * @param bfd the BFD session of a peer, shown on {@code /peers}; empty for a peer without one
   */
  public static StateServer start(
      InetSocketAddress address,
      BgpSpeaker speaker,
      Function<InetAddress, Optional<BfdSessionStatus>> bfd)
      throws IOException {
    HttpServer server = HttpServer.create(address, 16);
    StateJson json = new StateJson();
    server.createContext(
        "/peers",
        exchange -> {
          if (requestIsValid(exchange)) {
            answer(
                exchange, () -> json.peers(speaker.config(), speaker.peers(), peer -> null, bfd));
          }
        });
    RoutesEndpoint routes = new RoutesEndpoint(speaker, json);
    server.createContext(
        "/routes",
        exchange -> {
          if (requestIsValid(exchange)) {
            routes.handle(exchange);
          }
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

  /** A GET of a path the server knows; otherwise answers 405 or 404 and returns false. */
  private static boolean requestIsValid(HttpExchange exchange) throws IOException {
    if (!"GET".equals(exchange.getRequestMethod())) {
      send(exchange, 405, null);
      return false;
    }
    if (!exchange.getRequestURI().getPath().equals(exchange.getHttpContext().getPath())) {
      send(exchange, 404, null);
      return false;
    }
    return true;
  }

  /** Answers with the body's JSON, or 500 and the error's JSON when it cannot be made. */
  static void answer(HttpExchange exchange, Callable<String> body) throws IOException {
    String json;
    int status;
    try {
      json = body.call();
      status = 200;
    } catch (Exception e) {
      log.warn("event=http-error path={} reason=\"{}\"", exchange.getRequestURI(), e.toString());
      json = errorJson(e.toString());
      status = 500;
    }
    send(exchange, status, json);
  }

  /** {@code {"error":"MESSAGE"}}. */
  static String errorJson(String message) {
    return ERROR_JSON.writeValueAsString(Map.of("error", message));
  }

  /** Sends a whole answer and ends the exchange; a null body sends none. */
  static void send(HttpExchange exchange, int status, String json) throws IOException {
    try (exchange) {
      if (json == null) {
        exchange.sendResponseHeaders(status, -1);
        return;
      }
      byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
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
