package dev.tabby.cni;

import static dev.tabby.cni.CniCalls.env;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built executables ({@code target/plugins/tabby} and {@code tabby-ipam}, the C forwarder) run
 * as a runtime runs them: what they answer themselves, and what they forward to an agent stand-in
 * on a real unix socket that serves with {@link CniProtocol}.
 */
class ForwarderTest {
  private static final Path PLUGINS = Path.of(System.getProperty("tabby.cni.plugins"));

  @TempDir Path dir;

  @Test
  void answersVersionWithoutTheAgentInTheVersionAsked() throws Exception {
    Run asked = run("tabby", Map.of("CNI_COMMAND", "VERSION"), "{\"cniVersion\":\"0.4.0\"}");
    assertThat(asked.exitCode).isZero();
    assertThat(asked.json())
        .containsEntry("cniVersion", "0.4.0")
        .containsEntry("supportedVersions", CniVersions.SUPPORTED);
    Run none = run("tabby-ipam", Map.of("CNI_COMMAND", "VERSION"), "");
    assertThat(none.json()).containsEntry("cniVersion", CniVersions.LATEST);
    Run unknown = run("tabby", Map.of("CNI_COMMAND", "VERSION"), "{\"cniVersion\":\"9.9.9\"}");
    assertThat(unknown.json()).containsEntry("cniVersion", CniVersions.LATEST);
  }

  @Test
  void aMissingCommandIsCode4() throws Exception {
    Run run = run("tabby", Map.of("CNI_CONTAINERID", "c1"), config(dir.resolve("none.sock")));
    assertThat(run.code()).isEqualTo(4);
    assertThat(run.json()).containsEntry("msg", "CNI_COMMAND is not set");
  }

  @Test
  void stdinThatIsNoJsonObjectIsCode6AndUnreadableStdinCode5() throws Exception {
    Run malformed = run("tabby", env("ADD"), "{\"cniVersion\":\"1.0.0\",\"name\":");
    assertThat(malformed.code()).isEqualTo(6);
    assertThat(malformed.json()).containsEntry("cniVersion", "1.0.0");
    assertThat(run("tabby", env("ADD"), "").code()).isEqualTo(6);
    assertThat(run("tabby", env("ADD"), "[1, 2]").code()).isEqualTo(6);
    assertThat(run("tabby", env("ADD"), "{\"a\": \"\\x\"}").code()).isEqualTo(6);
    assertThat(run("tabby", env("ADD"), "{\"a\": 1} {}").code()).isEqualTo(6);
    Run tooLong = run("tabby", env("ADD"), "{\"a\": \"" + "x".repeat(1 << 20) + "\"}");
    assertThat(tooLong.code()).isEqualTo(6);
    assertThat(tooLong.json()).containsEntry("details", "more than 1 MiB");

    // A directory as stdin: it opens, but reading it fails.
    ProcessBuilder fromDirectory =
        new ProcessBuilder("sh", "-c", "exec \"$0\" < /", PLUGINS.resolve("tabby").toString());
    fromDirectory.environment().put("CNI_COMMAND", "ADD");
    Run unreadable = Run.of(fromDirectory.start(), null);
    assertThat(unreadable.code()).isEqualTo(5);
    assertThat((String) unreadable.json().get("details")).isEqualTo("Is a directory");
  }

  @Test
  void anUnreachableAgentIsTryAgainLaterNamingTheSocket() throws Exception {
    Path none = dir.resolve("none.sock");
    for (String command : List.of("ADD", "DEL", "CHECK", "GC")) {
      Run run = run("tabby", env(command), config(none));
      assertThat(run.code()).as(command).isEqualTo(11);
      assertThat(run.json()).containsEntry("msg", "the Tabby node agent is not reachable");
      assertThat((String) run.json().get("details")).contains("connect to " + none);
    }
    assertThat(run("tabby", env("STATUS"), config(none)).code()).isEqualTo(50);
    // A socket file nobody listens on: refused.
    Files.createFile(dir.resolve("stale.sock"));
    assertThat(run("tabby", env("ADD"), config(dir.resolve("stale.sock"))).code()).isEqualTo(11);
  }

  @Test
  void theSocketComesFromThePluginsOwnSectionOrTheDefault() throws Exception {
    Path ipamSocket = dir.resolve("ipam.sock");
    assertThat((String) run("tabby-ipam", env("ADD"), ptp(ipamSocket)).json().get("details"))
        .contains("connect to " + ipamSocket + ":");

    assertThat(AgentSocket.DEFAULT_PATH).as("no agent listens on this machine").doesNotExist();
    Run byDefault =
        run(
            "tabby",
            env("STATUS"),
            "{\"cniVersion\":\"1.1.0\",\"name\":\"net\",\"type\":\"tabby\"}");
    assertThat((String) byDefault.json().get("details"))
        .contains("connect to " + AgentSocket.DEFAULT_PATH + ":");

    for (String bad : List.of("5", "\"\"", "\"" + "/x".repeat(60) + "\"")) {
      String config = "{\"cniVersion\":\"1.1.0\",\"name\":\"net\",\"socket\":" + bad + "}";
      assertThat(run("tabby", env("ADD"), config).code()).as(bad).isEqualTo(7);
    }
  }

  @Test
  void forwardsTheCallAsItCameAndRelaysTheAgentsAnswer() throws Exception {
    Path socket = dir.resolve("agent.sock");
    CompletableFuture<AgentRequest> served = new CompletableFuture<>();
    CniProtocol protocol =
        new CniProtocol(
            request -> {
              served.complete(request);
              return AgentResponse.of(Map.of("ips", List.of(Map.of("address", "10.0.0.5/32"))));
            });
    // Escapes, non-ASCII text and new lines must arrive as they were written.
    String config =
        "{\"cniVersion\": \"0.3.1\",\n \"name\": \"n\\u00e9t \\\"x\\\"\", \"type\": \"tabby\","
            + " \"socket\": \""
            + socket
            + "\", \"note\": \"żółw\\ttab\"}";
    CompletableFuture<ForwardedCall> call = serveOnce(socket, protocol::run);
    Map<String, String> env = env("ADD");
    env.put("CNI_ARGS", "K8S_POD_NAMESPACE=ns;K8S_POD_NAME=web-0");
    env.put("UNRELATED", "not forwarded");

    Run run = run("tabby", env, config);

    assertThat(run.exitCode).as(run.stdout).isZero();
    assertThat(run.json()).containsEntry("cniVersion", "0.3.1");
    assertThat(((Map<?, ?>) ((List<?>) run.json().get("ips")).get(0)).get("version"))
        .isEqualTo("4");
    ForwardedCall forwarded = call.get(30, TimeUnit.SECONDS);
    assertThat(forwarded.plugin()).isEqualTo("tabby");
    assertThat(forwarded.stdin()).isEqualTo(config);
    env.remove("UNRELATED");
    assertThat(forwarded.env()).isEqualTo(env);
    AgentRequest request = served.get();
    assertThat(request.network()).isEqualTo("nét \"x\"");
    assertThat(request.podName()).isEqualTo("web-0");
  }

  @Test
  void relaysTheAgentsErrorsAndItsExitStatus() throws Exception {
    Path socket = dir.resolve("agent.sock");
    String ptp = ptp(socket);
    CompletableFuture<ForwardedCall> call =
        serveOnce(
            socket,
            forwarded ->
                new CniProtocol(
                        request ->
                            AgentResponse.failed(
                                new CniException(102, "IPAM failed", "no address left")))
                    .run(forwarded));
    Run failed = run("tabby-ipam", env("ADD"), ptp);
    assertThat(call.get(30, TimeUnit.SECONDS).plugin()).isEqualTo("tabby-ipam");
    assertThat(failed.exitCode).isEqualTo(1);
    assertThat(failed.json())
        .containsEntry("cniVersion", "1.1.0")
        .containsEntry("code", 102L)
        .containsEntry("details", "no address left");

    // A check the agent makes (CNI_NETNS for ADD) comes back through the forwarder as well.
    serveOnce(socket, new CniProtocol(request -> AgentResponse.ok())::run);
    Map<String, String> noNetns = env("ADD");
    noNetns.remove("CNI_NETNS");
    Run missing = run("tabby-ipam", noNetns, ptp);
    assertThat(missing.code()).isEqualTo(4);
    assertThat(missing.json()).containsEntry("msg", "CNI_NETNS is not set");

    // Success without a result: nothing on stdout, exit status 0.
    serveOnce(socket, new CniProtocol(request -> AgentResponse.ok())::run);
    Run deleted = run("tabby-ipam", env("DEL"), ptp);
    assertThat(deleted.exitCode).isZero();
    assertThat(deleted.stdout).isEmpty();
  }

  @Test
  void anAgentThatBreaksOffIsTryAgainLater() throws Exception {
    Path socket = dir.resolve("agent.sock");
    ServerSocketChannel server = listen(socket);
    CompletableFuture<Void> hangUp =
        CompletableFuture.runAsync(
            () -> {
              try (server;
                  SocketChannel channel = server.accept()) {
                AgentSocket.receive(channel);
              } catch (IOException e) {
                throw new IllegalStateException(e);
              }
            });
    Run run = run("tabby", env("ADD"), config(socket));
    hangUp.get(30, TimeUnit.SECONDS);
    assertThat(run.code()).isEqualTo(11);
    assertThat(run.json()).containsEntry("msg", "the Tabby node agent gave no answer");
    assertThat((String) run.json().get("details")).contains(socket.toString());
  }

  private static String config(Path socket) {
    return "{\"cniVersion\":\"1.1.0\",\"name\":\"net\",\"type\":\"tabby\",\"socket\":\""
        + socket
        + "\"}";
  }

  /** A ptp config with Tabby as its IPAM; the top-level "socket" is not the plugin's. */
  private static String ptp(Path ipamSocket) {
    return "{\"cniVersion\":\"1.1.0\",\"name\":\"net\",\"type\":\"ptp\",\"socket\":\"/elsewhere\","
        + "\"ipam\":{\"type\":\"tabby-ipam\",\"socket\":\""
        + ipamSocket
        + "\"}}";
  }

  private static ServerSocketChannel listen(Path socket) throws IOException {
    Files.deleteIfExists(socket);
    ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(socket));
    return server;
  }

  /** An agent stand-in that answers one call. */
  private static CompletableFuture<ForwardedCall> serveOnce(
      Path socket, Function<ForwardedCall, CniProtocol.Output> answer) throws IOException {
    ServerSocketChannel server = listen(socket);
    return CompletableFuture.supplyAsync(
        () -> {
          try (server;
              SocketChannel channel = server.accept()) {
            ForwardedCall call = ForwardedCall.decode(AgentSocket.receive(channel));
            AgentSocket.answer(channel, answer.apply(call));
            return call;
          } catch (IOException e) {
            throw new IllegalStateException(e);
          }
        });
  }

  /** Runs a plugin with only the given environment, as a runtime does. */
  private static Run run(String plugin, Map<String, String> env, String stdin) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(PLUGINS.resolve(plugin).toString());
    builder.environment().clear();
    builder.environment().putAll(env);
    return Run.of(builder.start(), stdin);
  }

  private record Run(int exitCode, String stdout) {
    static Run of(Process process, String stdin) throws Exception {
      try (OutputStream in = process.getOutputStream()) {
        if (stdin != null) {
          in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
      }
      String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
      return new Run(process.exitValue(), stdout);
    }

    Map<String, Object> json() {
      return Json.parseObject(stdout);
    }

    /** The CNI error code printed; the exit status of an error is always 1. */
    long code() {
      assertThat(exitCode).as(stdout).isEqualTo(1);
      return ((Number) json().get("code")).longValue();
    }
  }
}
