package dev.tabby.system;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The lab's side of the stand-in's control socket ({@link StandInControl}). */
final class StandInClient implements ClusterApi {

  private final Path socket;
  private final KubernetesSerialization json = new KubernetesSerialization();

  StandInClient(Path socket) {
    this.socket = socket;
  }

  @Override
  public <T extends HasMetadata> T apply(T resource) {
    @SuppressWarnings("unchecked")
    Class<T> type = (Class<T>) resource.getClass();
    return call("apply", type, resource).get(0);
  }

  @Override
  public void delete(HasMetadata resource) {
    call("delete", resource.getClass(), resource);
  }

  @Override
  public <T extends HasMetadata> List<T> list(Class<T> type) {
    return call("list", type, null);
  }

  @Override
  public void close() {}

  private <T extends HasMetadata> List<T> call(String op, Class<T> type, HasMetadata object) {
    Map<String, Object> request = new LinkedHashMap<>();
    request.put("op", op);
    request.put("type", type.getName());
    request.put("object", object);
    String answer;
    try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      channel.connect(UnixDomainSocketAddress.of(socket));
      OutputStream out = Channels.newOutputStream(channel);
      out.write((json.asJson(request).replace('\n', ' ') + "\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
      answer =
          new BufferedReader(
                  new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8))
              .readLine();
    } catch (IOException e) {
      throw new UncheckedIOException("the API stand-in's control socket " + socket + " fails", e);
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> parsed = json.unmarshal(answer, Map.class);
    if (!Boolean.TRUE.equals(parsed.get("ok"))) {
      throw new IllegalStateException(op + " " + type.getSimpleName() + ": " + parsed.get("error"));
    }
    List<T> items = new ArrayList<>();
    for (Object item : (List<?>) parsed.get("items")) {
      items.add(json.convertValue(item, type));
    }
    return items;
  }
}
