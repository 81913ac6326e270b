package dev.tabby.bench.bgp;

import dev.tabby.testbench.ExecResult;
import dev.tabby.testbench.Host;
import dev.tabby.testbench.HostProcess;
import dev.tabby.testbench.Wait;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tabby under measurement. As a receiver it is the {@code tabby-bgp} daemon with a one-peer config,
 * counted through its {@code /peers} endpoint. As a sender it is {@link TabbySender}, the same
 * speaker embedded: the daemon cannot load a million prefixes from its YAML config.
 */
final class TabbyDaemon implements BenchDaemon {

  private static final String STATE_URL = "http://127.0.0.1:8179/peers";
  private static final Pattern ACCEPTED = Pattern.compile("\"accepted\"\\s*:\\s*(\\d+)");

  /** {@link TabbySender}'s line once its table is loaded, just before it connects. */
  private static final Pattern LOADED =
      Pattern.compile("Loc-RIB holds \\d+ prefixes after .* CPU time used (\\d+) ms");

  /** {@link TabbySender}'s session file, in the sender's host directory. */
  private static final String SESSION_FILE = "tabby-sender-session";

  private final Host host;
  private final HostProcess process;

  private TabbyDaemon(Host host, HostProcess process) {
    this.host = host;
    this.process = process;
  }

  /**
   * Starts {@code bin/tabby-bgp} with {@code javaOptions}, waiting until its endpoint answers.
   *
   * @param warmup the config's {@code warmup} flag: warm the receive path before starting
   */
  static TabbyDaemon receiver(Host host, String javaOptions, boolean warmup) {
    Path launcher = Path.of("bin", "tabby-bgp").toAbsolutePath();
    if (!Files.isExecutable(launcher)) {
      throw new IllegalStateException(
          "run the benchmark from the repository root: " + launcher + " is missing");
    }
    Path config =
        host.writeFile(
            "tabby-bgp.yaml",
            "routerId: "
                + Topology.RECEIVER_ADDRESS
                + "\nlocalAs: "
                + Topology.AS
                + "\nlisten: {address: "
                + Topology.RECEIVER_ADDRESS
                + ", port: "
                + Topology.BGP_PORT
                + "}\n"
                + "http: {address: 127.0.0.1, port: 8179}\n"
                + "warmup: "
                + warmup
                + "\n"
                + "peers:\n"
                + "  - address: "
                + Topology.SENDER_ADDRESS
                + "\n    as: "
                + Topology.AS
                + "\n    passive: true\n");
    HostProcess process =
        host.start(
            "tabby-bgp",
            "env",
            "JAVA_OPTS=" + javaOptions,
            launcher.toString(),
            "--config",
            config.toString());
    TabbyDaemon tabby = new TabbyDaemon(host, process);
    Wait.until(
        "tabby-bgp on " + host.name() + " to answer on " + STATE_URL,
        Duration.ofSeconds(60),
        () -> {
          process.assertAlive();
          return tabby.state();
        },
        ExecResult::ok);
    return tabby;
  }

  /**
   * Starts {@link TabbySender} in its own JVM with {@code javaOptions} and this JVM's class path,
   * and returns once its Loc-RIB holds the table and it connects to the receiver.
   */
  static Sender sender(Host host, String javaOptions, int prefixes) {
    Path sessionFile = host.writeFile(SESSION_FILE, "up");
    HostProcess process =
        BenchJvm.start(
            host,
            "tabby-sender",
            javaOptions,
            TabbySender.class,
            Integer.toString(prefixes),
            sessionFile.toString());
    Matcher loaded =
        Wait.until(
            "tabby-sender on " + host.name() + " to load its Loc-RIB",
            Duration.ofSeconds(120),
            () -> {
              process.assertAlive();
              return LOADED.matcher(process.log());
            },
            Matcher::find);
    return new Sender(
        process,
        Duration.ofMillis(Long.parseLong(loaded.group(1))),
        up -> host.writeFile(SESSION_FILE, up ? "up" : "down"));
  }

  @Override
  public String name() {
    return "Tabby";
  }

  @Override
  public HostProcess process() {
    return process;
  }

  @Override
  public long acceptedPrefixes() {
    String json = state().orThrow().stdout();
    Matcher matcher = ACCEPTED.matcher(json);
    if (!matcher.find()) {
      throw new IllegalStateException("no \"accepted\" count in " + STATE_URL + ": " + json);
    }
    return Long.parseLong(matcher.group(1));
  }

  @Override
  public boolean jvm() {
    return true;
  }

  private ExecResult state() {
    return host.exec("curl", "-sS", "--max-time", "30", STATE_URL);
  }
}
