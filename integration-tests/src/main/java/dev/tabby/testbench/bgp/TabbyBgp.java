package dev.tabby.testbench.bgp;

import dev.tabby.testbench.ExecResult;
import dev.tabby.testbench.Host;
import dev.tabby.testbench.HostProcess;
import dev.tabby.testbench.Wait;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tabby's {@code tabby-bgp} daemon in a lab {@link Host}, started as users start it, through the
 * repository's {@code bin/tabby-bgp} (which runs the built {@code bgp-speaker} jar), configured by
 * YAML and observed through its HTTP state endpoint from inside the namespace. The interop tests
 * and the benchmarks both start the daemon here.
 *
 * <p>The test bench depends on no Tabby module: it knows the daemon only by its launcher, its
 * config and its JSON. Build {@code bgp-speaker} first ({@code mvn verify} does, before the
 * integration tests); the launcher says so when it is not built.
 */
public final class TabbyBgp {

  /** How long the {@code await...} methods wait by default. */
  public static final Duration TIMEOUT = Duration.ofSeconds(30);

  /** A JVM's start-up, the daemon's warm-ups and its config on two busy cores. */
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private static final String STATE = "http://127.0.0.1:8179";
  private static final Path LAUNCHER = Path.of("bin", "tabby-bgp");

  private final Host host;
  private final Path configFile;
  private final HostProcess process;
  private final JsonMapper json = JsonMapper.builder().build();

  private TabbyBgp(Host host, Path configFile, HostProcess process) {
    this.host = host;
    this.configFile = configFile;
    this.process = process;
  }

  /** As {@link #start(Host, String, String)} with {@code bin/tabby-bgp}'s default JVM options. */
  public static TabbyBgp start(Host host, String yaml) {
    return start(host, yaml, null);
  }

  /**
   * Starts the daemon with {@code yaml} and waits until its state endpoint answers.
   *
   * @param yaml the config, without an {@code http} section: the state endpoint is put on the
   *     host's own loopback, where this class reads it
   * @param javaOptions the JVM's options ({@code JAVA_OPTS}, replacing the launcher's defaults), or
   *     null for the defaults
   */
  public static TabbyBgp start(Host host, String yaml, String javaOptions) {
    Path configFile = host.writeFile("tabby-bgp.yaml", withHttp(yaml));
    List<String> command = new ArrayList<>();
    command.add("env");
    if (javaOptions != null) {
      command.add("JAVA_OPTS=" + javaOptions);
    }
    command.addAll(List.of(launcher().toString(), "--config", configFile.toString()));
    HostProcess process = host.start("tabby-bgp", command);
    TabbyBgp daemon = new TabbyBgp(host, configFile, process);
    Wait.until(
        "tabby-bgp's state endpoint on " + host.name() + " (log " + process.logFile() + ")",
        START_TIMEOUT,
        () -> {
          process.assertAlive();
          return daemon.fetch("/peers").isPresent();
        });
    return daemon;
  }

  /**
   * {@code bin/tabby-bgp} in the working directory or the nearest parent that has it: the
   * repository root for the benchmarks, the module's parent for a module's tests.
   */
  private static Path launcher() {
    Path start = Path.of("").toAbsolutePath();
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      Path launcher = dir.resolve(LAUNCHER);
      if (Files.isExecutable(launcher)) {
        return launcher;
      }
    }
    throw new IllegalStateException(
        "no executable " + LAUNCHER + " in " + start + " or its parents: run from the repository");
  }

  private static String withHttp(String yaml) {
    return yaml + "http: {address: 127.0.0.1, port: 8179}\n";
  }

  public HostProcess process() {
    return process;
  }

  /** Rewrites the config and signals the daemon to apply it (SIGHUP). */
  public void reload(String yaml) {
    host.writeFile(configFile.getFileName().toString(), withHttp(yaml));
    host.execOk("kill", "-HUP", Long.toString(process.pid()));
  }

  /** {@code GET /peers}: the daemon's identity and every peer's state and counts. */
  public JsonNode peers() {
    return fetch("/peers").orElseThrow(() -> new IllegalStateException("no answer from " + STATE));
  }

  /** The peer at {@code address} in {@code GET /peers}. */
  public JsonNode peer(String address) {
    for (JsonNode peer : peers().path("peers")) {
      if (peer.path("address").asString().equals(address)) {
        return peer;
      }
    }
    throw new IllegalStateException("tabby-bgp has no peer " + address);
  }

  public JsonNode awaitEstablished(String address) {
    return Wait.until(
        "tabby-bgp's session with " + address + " Established",
        TIMEOUT,
        () -> peer(address),
        peer -> peer.path("state").asString().equals("Established"));
  }

  public JsonNode awaitNotEstablished(String address, Duration timeout) {
    return Wait.until(
        "tabby-bgp's session with " + address + " down",
        timeout,
        () -> peer(address),
        peer -> !peer.path("state").asString().equals("Established"));
  }

  /** The best routes, one JSON object each. */
  public List<JsonNode> routes() {
    JsonNode answer =
        fetch("/routes").orElseThrow(() -> new IllegalStateException("no answer from " + STATE));
    List<JsonNode> routes = new ArrayList<>();
    answer.path("routes").forEach(routes::add);
    return routes;
  }

  public Optional<JsonNode> route(String prefix) {
    return routes().stream()
        .filter(route -> route.path("prefix").asString().equals(prefix))
        .findFirst();
  }

  public JsonNode awaitRoute(String prefix) {
    return Wait.until(
            "tabby-bgp to have a route to " + prefix,
            TIMEOUT,
            () -> route(prefix),
            Optional::isPresent)
        .get();
  }

  public void awaitNoRoute(String prefix) {
    Wait.until(
        "tabby-bgp to have no route to " + prefix, TIMEOUT, () -> route(prefix), Optional::isEmpty);
  }

  /** The Loc-RIB's size, asked of the RIB without listing the routes. */
  public long routeCount() {
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
