package dev.tabby.bench.bgp;

import dev.tabby.testbench.Host;
import dev.tabby.testbench.HostProcess;
import dev.tabby.testbench.Wait;
import dev.tabby.testbench.bgp.TabbyBgp;
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

  /** {@link TabbySender}'s line once its table is loaded, just before it connects. */
  private static final Pattern LOADED =
      Pattern.compile("Loc-RIB holds \\d+ prefixes after .* CPU time used (\\d+) ms");

  /** {@link TabbySender}'s session file, in the sender's host directory. */
  private static final String SESSION_FILE = "tabby-sender-session";

  private final TabbyBgp daemon;

  private TabbyDaemon(TabbyBgp daemon) {
    this.daemon = daemon;
  }

  /**
   * Starts {@code tabby-bgp} with {@code javaOptions} and a one-peer config, waiting until its
   * endpoint answers.
   *
   * @param warmup the config's {@code warmup} flag: warm the receive path before starting
   */
  static TabbyDaemon receiver(Host host, String javaOptions, boolean warmup) {
    String config =
        "routerId: "
            + Topology.RECEIVER_ADDRESS
            + "\nlocalAs: "
            + Topology.AS
            + "\nlisten: {address: "
            + Topology.RECEIVER_ADDRESS
            + ", port: "
            + Topology.BGP_PORT
            + "}\n"
            + "warmup: "
            + warmup
            + "\n"
            + "peers:\n"
            + "  - address: "
            + Topology.SENDER_ADDRESS
            + "\n    as: "
            + Topology.AS
            + "\n    passive: true\n";
    return new TabbyDaemon(TabbyBgp.start(host, config, javaOptions));
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
    return daemon.process();
  }

  @Override
  public long acceptedPrefixes() {
    return daemon.peer(Topology.SENDER_ADDRESS).path("accepted").asLong();
  }

  @Override
  public boolean jvm() {
    return true;
  }
}
