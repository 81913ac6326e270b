package dev.tabby.system;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stand-in's control socket. The lab runs in the machine's own namespace and the stand-in
 * listens only inside the lab's, so the lab changes resources through this unix socket, which the
 * stand-in serves with its own client. One JSON request per connection: {@code {"op": "apply" |
 * "delete" | "list", "type": JAVA_CLASS, "object": RESOURCE}}; the answer is {@code {"ok": true,
 * "items": [...]}} or {@code {"ok": false, "error": TEXT}}.
 */
final class StandInControl implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(StandInControl.class);

  private final ServerSocketChannel server;
  private final ClusterApi api;

  private StandInControl(ServerSocketChannel server, ClusterApi api) {
    this.server = server;
    this.api = api;
  }

  static StandInControl start(Path socket, KubernetesClient client) throws IOException {
    Files.deleteIfExists(socket);
    ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(socket));
    StandInControl control = new StandInControl(server, new DirectApi(client));
    Thread thread = new Thread(() -> control.serve(client), "stand-in-control");
    thread.setDaemon(true);
    thread.start();
    return control;
  }

  private void serve(KubernetesClient client) {
    while (server.isOpen()) {
      try (SocketChannel channel = server.accept()) {
        String request =
            new BufferedReader(
                    new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8))
                .readLine();
        String answer = answer(client, request);
        OutputStream out = Channels.newOutputStream(channel);
        out.write((answer + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
      } catch (IOException e) {
        if (server.isOpen()) {
          log.warn("event=control-request-failed reason=\"{}\"", e.getMessage());
        }
      }
    }
  }

  @SuppressWarnings("unchecked")
  private String answer(KubernetesClient client, String request) {
    var json = client.getKubernetesSerialization();
    Map<String, Object> result = new LinkedHashMap<>();
    try {
      Map<String, Object> parsed = json.unmarshal(request, Map.class);
      Class<? extends HasMetadata> type =
          Class.forName((String) parsed.get("type")).asSubclass(HasMetadata.class);
      String op = (String) parsed.get("op");
      HasMetadata object =
          parsed.get("object") == null ? null : json.convertValue(parsed.get("object"), type);
      switch (op) {
        case "apply" -> result.put("items", List.of(api.apply(object)));
        case "delete" -> {
          api.delete(object);
          result.put("items", List.of());
        }
        case "list" -> result.put("items", api.list(type));
        default -> throw new IllegalArgumentException("unknown op " + op);
      }
      result.put("ok", true);
    } catch (RuntimeException | ClassNotFoundException e) {
      result.clear();
      result.put("ok", false);
      result.put("error", e.toString());
    }
    return json.asJson(result);
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      log.warn("event=control-close-failed reason=\"{}\"", e.getMessage());
    }
  }
}
