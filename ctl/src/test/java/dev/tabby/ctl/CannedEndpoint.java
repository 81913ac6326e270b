package dev.tabby.ctl;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** A state endpoint on loopback that answers canned JSON per request URI, and 404 otherwise. */
final class CannedEndpoint implements AutoCloseable {

  /** An HTTP status and its body. */
  record Answer(int status, String body) {
    static Answer ok(String body) {
      return new Answer(200, body);
    }
  }

  private final HttpServer server;
  private final List<String> requested = new CopyOnWriteArrayList<>();

  CannedEndpoint(Map<String, Answer> answers) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          String key = exchange.getRequestURI().toString();
          requested.add(key);
          Answer answer = answers.getOrDefault(key, new Answer(404, "{}"));
          byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(answer.status(), body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
  }

  String uri() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** The request URIs (path and query) in the order they came. */
  List<String> requested() {
    return requested;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
