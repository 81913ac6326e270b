package dev.tabby.cni;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plugin's checks and its forwarding, against an agent stand-in on a real unix socket. */
class PluginTest {
  @TempDir Path dir;

  private final Plugin tabby = new Plugin(AgentRequest.WIRING, AgentClient::new);

  @Test
  void versionNeedsNoConfig() {
    Plugin.Output out = tabby.run(Map.of("CNI_COMMAND", "VERSION"), "");
    assertThat(out.exitCode()).isZero();
    assertThat(Json.parseObject(out.stdout()))
        .containsEntry("cniVersion", "1.1.0")
        .containsEntry("supportedVersions", CniVersions.SUPPORTED);
  }

  @Test
  void errorsCarryTheSpecsCodes() {
    assertThat(code(Map.of(), config("1.1.0"))).isEqualTo(4);
    assertThat(code(env("FROB"), config("1.1.0"))).isEqualTo(4);
    assertThat(code(env("ADD"), "not json")).isEqualTo(6);
    assertThat(code(env("ADD"), "")).isEqualTo(6);
    assertThat(code(env("ADD"), "{\"name\":\"n\"}")).isEqualTo(7);
    assertThat(code(env("ADD"), "{\"cniVersion\":\"1.1.0\"}")).isEqualTo(7);
    assertThat(code(env("ADD"), config("2.0.0"))).isEqualTo(1);
    assertThat(code(env("CHECK"), config("0.3.1"))).isEqualTo(1);
    assertThat(code(env("GC"), config("1.0.0"))).isEqualTo(1);
    Map<String, String> badName = env("ADD");
    badName.put("CNI_IFNAME", "a/b");
    assertThat(code(badName, config("1.1.0"))).isEqualTo(4);
    Map<String, String> badArgs = env("ADD");
    badArgs.put("CNI_ARGS", "K8S_POD_NAME");
    assertThat(code(badArgs, config("1.1.0"))).isEqualTo(4);
    Map<String, String> noContainer = env("DEL");
    noContainer.remove("CNI_CONTAINERID");
    assertThat(code(noContainer, config("1.1.0"))).isEqualTo(4);
    Plugin ipam = new Plugin(AgentRequest.IPAM, AgentClient::new);
    assertThat(Json.parseObject(ipam.run(env("ADD"), config("1.1.0")).stdout()).get("code"))
        .isEqualTo(7L);
  }

  @Test
  void anUnreachableAgentIsTryAgainLaterAndNotAvailableForStatus() {
    String config = configWithSocket(dir.resolve("none.sock"));
    assertThat(code(env("ADD"), config)).isEqualTo(11);
    assertThat(code(env("DEL"), config)).isEqualTo(11);
    assertThat(code(env("STATUS"), config)).isEqualTo(50);
  }

  @Test
  void forwardsTheCallAndShapesTheResultForTheAskedVersion() throws Exception {
    Path socket = dir.resolve("agent.sock");
    Map<String, Object> result =
        Map.of("ips", List.of(Map.of("address", "10.0.0.5/32", "interface", 1L)));
    CompletableFuture<AgentRequest> seen = serveOnce(socket, r -> AgentResponse.of(result));
    Map<String, Object> config = Json.parseObject(configWithSocket(socket));
    config.put("cniVersion", "0.4.0");
    Map<String, String> env = env("ADD");
    env.put("CNI_ARGS", "K8S_POD_NAMESPACE=ns;K8S_POD_NAME=web-0");

    Plugin.Output out = tabby.run(env, Json.write(config));

    assertThat(out.exitCode()).as(out.stdout()).isZero();
    Map<String, Object> printed = Json.parseObject(out.stdout());
    assertThat(printed.get("cniVersion")).isEqualTo("0.4.0");
    assertThat(((Map<?, ?>) ((List<?>) printed.get("ips")).get(0)).get("version")).isEqualTo("4");
    AgentRequest request = seen.get();
    assertThat(request.command()).isEqualTo("ADD");
    assertThat(request.containerId()).isEqualTo("c1");
    assertThat(request.podNamespace()).isEqualTo("ns");
    assertThat(request.podName()).isEqualTo("web-0");
    assertThat(request.network()).isEqualTo("net");
  }

  @Test
  void passesTheAgentsErrorOn() throws Exception {
    Path socket = dir.resolve("agent.sock");
    serveOnce(
        socket, r -> AgentResponse.failed(new CniException(102, "IPAM failed", "no address left")));
    Plugin.Output out = tabby.run(env("ADD"), configWithSocket(socket));
    assertThat(out.exitCode()).isEqualTo(1);
    assertThat(Json.parseObject(out.stdout()))
        .containsEntry("code", 102L)
        .containsEntry("msg", "IPAM failed")
        .containsEntry("details", "no address left");
  }

  private int code(Map<String, String> env, String stdin) {
    Plugin.Output out = tabby.run(env, stdin);
    assertThat(out.exitCode()).as(out.stdout()).isEqualTo(1);
    return ((Number) Json.parseObject(out.stdout()).get("code")).intValue();
  }

  private static Map<String, String> env(String command) {
    Map<String, String> env = new HashMap<>();
    env.put("CNI_COMMAND", command);
    env.put("CNI_CONTAINERID", "c1");
    env.put("CNI_NETNS", "/var/run/netns/pod");
    env.put("CNI_IFNAME", "eth0");
    return env;
  }

  private String config(String version) {
    return "{\"cniVersion\":\""
        + version
        + "\",\"name\":\"net\",\"type\":\"tabby\",\"socket\":\""
        + dir.resolve("none.sock")
        + "\"}";
  }

  private static String configWithSocket(Path socket) {
    return "{\"cniVersion\":\"1.1.0\",\"name\":\"net\",\"type\":\"tabby\",\"socket\":\""
        + socket
        + "\"}";
  }

  /** An agent stand-in that answers one request. */
  private static CompletableFuture<AgentRequest> serveOnce(
      Path socket, Function<AgentRequest, AgentResponse> answer) throws Exception {
    Files.deleteIfExists(socket);
    ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(socket));
    return CompletableFuture.supplyAsync(
        () -> {
          try (server;
              SocketChannel channel = server.accept()) {
            AgentRequest request =
                AgentRequest.fromJson(Json.parseObject(AgentSocket.receive(channel)));
            AgentSocket.send(channel, Json.write(answer.apply(request).toJson()));
            return request;
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
  }
}
