package dev.tabby.bgp;

import dev.tabby.testbench.ExecResult;
import dev.tabby.testbench.Host;
import dev.tabby.testbench.HostProcess;
import dev.tabby.testbench.Wait;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The real {@code tabby-bgp} daemon in a lab host: started as its own JVM with the test class path,
 * configured by YAML, observed through its HTTP state endpoint from inside the namespace.
 */
final class TabbyDaemon {

  static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final String STATE = "http://127.0.0.1:8179";

  private final Host host;
  private final Path configFile;
  private final HostProcess process;
  private final JsonMapper json = JsonMapper.builder().build();

  private TabbyDaemon(Host host, Path configFile, HostProcess process) {
    this.host = host;
    this.configFile = configFile;
    this.process = process;
  }

  /**
   * A config for Tabby at 10.0.0.1 in AS 65000 with one iBGP peer at 10.0.0.2, originating {@code
   * prefixes}, each tagged with {@code communities}. Connect retry of 1 s: the peer may not listen
   * yet at Tabby's first attempt.
   */
  static String ibgpConfig(List<String> prefixes, List<String> communities) {
    StringBuilder yaml =
        new StringBuilder(
            """
            routerId: 10.0.0.1
            localAs: 65000
            listen: {address: 10.0.0.1, port: 179}
            peers:
              - {address: 10.0.0.2, as: 65000, connectRetryTime: 1}
            """);
    if (prefixes.isEmpty()) {
      return yaml.append("prefixes: []\n").toString();
    }
    String tags =
        communities.isEmpty()
            ? ""
            : communities.stream()
                .map(community -> "\"" + community + "\"")
                .collect(Collectors.joining(", ", ", communities: [", "]"));
    yaml.append("prefixes:\n");
    prefixes.forEach(
        prefix -> yaml.append("  - {prefix: ").append(prefix).append(tags).append("}\n"));
    return yaml.toString();
  }

  /**
   * Starts the daemon with {@code yaml} (without an {@code http} section: the state endpoint is put
   * on the host's own loopback) and waits until the endpoint answers.
   */
  static TabbyDaemon start(Host host, String yaml) {
    Path configFile = host.writeFile("tabby-bgp.yaml", withHttp(yaml));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    HostProcess process =
        host.start(
            "tabby-bgp",
            // As bin/tabby-bgp does: reload on SIGHUP works even when the build runs under nohup.
            "env",
            "--default-signal=HUP",
            java,
            "-Xmx384m",
            // As bin/run-module does: out of memory, the daemon ends instead of lingering.
            "-XX:+ExitOnOutOfMemoryError",
            "-cp",
            System.getProperty("java.class.path"),
            "dev.tabby.bgp.daemon.Main",
            "--config",
            configFile.toString());
    TabbyDaemon daemon = new TabbyDaemon(host, configFile, process);
    Wait.until(
        "tabby-bgp's state endpoint on " + host.name() + " (log " + process.logFile() + ")",
        TIMEOUT,
        () -> {
          process.assertAlive();
          return daemon.fetch("/peers").isPresent();
        });
    return daemon;
  }

  private static String withHttp(String yaml) {
    return yaml + "http: {address: 127.0.0.1, port: 8179}\n";
  }

  HostProcess process() {
    return process;
  }

  /** Rewrites the config and signals the daemon to apply it (SIGHUP). */
  void reload(String yaml) {
    host.writeFile(configFile.getFileName().toString(), withHttp(yaml));
    host.execOk("kill", "-HUP", Long.toString(process.pid()));
  }

  JsonNode peers() {
    return fetch("/peers").orElseThrow(() -> new IllegalStateException("no answer from " + STATE));
  }

  JsonNode peer(String address) {
    for (JsonNode peer : peers().path("peers")) {
      if (peer.path("address").asString().equals(address)) {
        return peer;
      }
    }
    throw new IllegalStateException("tabby-bgp has no peer " + address);
  }

  JsonNode awaitEstablished(String address) {
    return Wait.until(
        "tabby-bgp's session with " + address + " Established",
        TIMEOUT,
        () -> peer(address),
        peer -> peer.path("state").asString().equals("Established"));
  }

  JsonNode awaitNotEstablished(String address, Duration timeout) {
    return Wait.until(
        "tabby-bgp's session with " + address + " down",
        timeout,
        () -> peer(address),
        peer -> !peer.path("state").asString().equals("Established"));
  }

  /** The best routes, one JSON object each. */
  List<JsonNode> routes() {
    JsonNode answer =
        fetch("/routes").orElseThrow(() -> new IllegalStateException("no answer from " + STATE));
    List<JsonNode> routes = new ArrayList<>();
    answer.path("routes").forEach(routes::add);
    return routes;
  }

  Optional<JsonNode> route(String prefix) {
    return routes().stream()
        .filter(route -> route.path("prefix").asString().equals(prefix))
        .findFirst();
  }

  JsonNode awaitRoute(String prefix) {
    return Wait.until(
            "tabby-bgp to have a route to " + prefix,
            TIMEOUT,
            () -> route(prefix),
            Optional::isPresent)
        .get();
  }

  void awaitNoRoute(String prefix) {
    Wait.until(
        "tabby-bgp to have no route to " + prefix, TIMEOUT, () -> route(prefix), Optional::isEmpty);
  }

  long routeCount() {
    return fetch("/routes?count")
        .orElseThrow(() -> new IllegalStateException("no answer from " + STATE))
        .path("count")
        .asLong();
  }

  private Optional<JsonNode> fetch(String path) {
    ExecResult result = host.exec("curl", "-sf", "--max-time", "10", STATE + path);
    return result.ok() ? Optional.of(json.readTree(result.stdout())) : Optional.empty();
  }

  @Override
  public String toString() {
    return "tabby-bgp on " + host.name();
  }
}
