package dev.tabby.testbench.bgp;

import dev.tabby.testbench.ExecResult;
import dev.tabby.testbench.Host;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * FRR's {@code bgpd} as a BGP router in a lab host, standing in for a top-of-rack router. Started
 * with {@link #start}, it runs without zebra ({@code -Z}) and as root: bgpd alone installs nothing
 * into the kernel, so the router exchanges routes but does not forward along them. Started with
 * {@link #startWithZebra}, zebra runs beside it in the host's namespace and installs what bgpd
 * selects into that kernel, as on a real top-of-rack router (and keeps it, stale, while bgpd
 * restarts gracefully); both then run as FRR's own user. Runtime announce and withdraw are {@code
 * network} statements via vtysh.
 */
public final class Frr extends BgpDaemon {

  private static final Logger log = LoggerFactory.getLogger(Frr.class);

  private final Path vtyDir;
  private final boolean zebra;

  private Frr(Host host, BgpDaemonConfig config, boolean zebra) {
    super("FRR", host, config);
    this.vtyDir = host.dir().resolve("frr");
    this.zebra = zebra;
  }

  /**
   * Kills this bgpd (SIGKILL: its sessions drop without a NOTIFICATION) and starts a new one with
   * {@code config}: with graceful restart configured, it comes back as a router restarting
   * gracefully (RFC 4724) would. zebra, when it runs, runs on.
   */
  public Frr crashAndRestart(BgpDaemonConfig config) {
    process().kill();
    return new Frr(host(), config, zebra).startBgpd();
  }

  /**
   * Writes the configuration into the host's directory, starts bgpd without zebra and waits until
   * it answers.
   */
  public static Frr start(Host host, BgpDaemonConfig config) {
    return new Frr(host, config, false).prepare().startBgpd();
  }

  /**
   * As {@link #start}, with zebra installing bgpd's routes into the host's kernel (its own table
   * answers {@link #zebra(String...)}).
   */
  public static Frr startWithZebra(Host host, BgpDaemonConfig config) {
    return new Frr(host, config, true).prepare().startZebra().startBgpd();
  }

  private Frr prepare() {
    requireInstalled("/usr/lib/frr/bgpd", "frr");
    requireInstalled("vtysh", "frr");
    try {
      Files.createDirectories(vtyDir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + vtyDir, e);
    }
    if (zebra) {
      requireInstalled("/usr/lib/frr/zebra", "frr");
      // zebra cannot stay root: both daemons run as FRR's user, with their sockets and pid files
      // in a directory of its own, reached through the lab's private ones.
      host().execOk("chown", "frr:frr", vtyDir.toString());
      host().execOk("chmod", "o+x", host().dir().getParent().toString(), host().dir().toString());
    }
    return this;
  }

  private Frr startZebra() {
    Path configFile = host().writeFile("zebra.conf", "hostname " + host().name() + "\n");
    host()
        .start(
            "zebra",
            "/usr/lib/frr/zebra",
            "-f",
            configFile.toString(),
            "-i",
            vtyDir.resolve("zebra.pid").toString(),
            "-z",
            zserv().toString(),
            "--vty_socket",
            vtyDir.toString(),
            "-P",
            "0");
    await(
        "FRR zebra's socket " + zserv(),
        STARTUP_TIMEOUT,
        () -> Files.exists(zserv()),
        Boolean::booleanValue);
    return this;
  }

  private Frr startBgpd() {
    BgpDaemonConfig config = config();
    Path configFile =
        host().writeFile("bgpd.conf", FrrConfig.render(config, host().name(), config.originated()));
    List<String> command = new ArrayList<>(List.of("/usr/lib/frr/bgpd"));
    if (zebra) {
      command.addAll(
          List.of("-z", zserv().toString(), "-i", vtyDir.resolve("bgpd.pid").toString()));
    } else {
      // No zebra, no kernel routes (-n), and root's own user (-S).
      command.addAll(List.of("-Z", "-n", "-S", "-i", host().dir().resolve("bgpd.pid").toString()));
    }
    command.addAll(
        List.of(
            "-f",
            configFile.toString(),
            "--vty_socket",
            vtyDir.toString(),
            "-P",
            "0",
            "-p",
            Integer.toString(config.port())));
    if (config.listenAddress() != null) {
      command.addAll(List.of("-l", config.listenAddress()));
    }
    started(host().start("bgpd", command));
    await(
        "FRR bgpd to answer on " + vtyDir,
        STARTUP_TIMEOUT,
        () -> vtysh("show bgp summary json"),
        ExecResult::ok);
    log.info("{} is up{}, config {}", this, zebra ? " with zebra" : "", configFile);
    return this;
  }

  private Path zserv() {
    return vtyDir.resolve("zserv.api");
  }

  @Override
  public List<NeighborState> neighbors() {
    List<String> configured = config().neighbors().stream().map(Neighbor::address).toList();
    return FrrOutput.neighbors(vtysh("show bgp neighbors json").orThrow().stdout()).stream()
        .filter(n -> configured.contains(n.address()))
        .toList();
  }

  @Override
  public List<LearnedRoute> routes() {
    return Stream.of("ipv4", "ipv6")
        .flatMap(
            family ->
                FrrOutput.routes(
                    vtysh("show bgp " + family + " unicast json detail").orThrow().stdout())
                    .stream())
        .toList();
  }

  @Override
  public void announce(String prefix) {
    if (addOriginated(prefix)) {
      configure(prefix, "network " + prefix);
    }
  }

  @Override
  public void withdraw(String prefix) {
    if (removeOriginated(prefix)) {
      configure(prefix, "no network " + prefix);
    }
  }

  /** Runs vtysh commands against this bgpd, in order, e.g. {@code vtysh("show bgp summary")}. */
  public ExecResult vtysh(String... commands) {
    return vtyshOf("bgpd", commands);
  }

  /**
   * Runs vtysh commands against zebra, e.g. {@code zebra("show ip route 10.0.0.0/24 json")}; only
   * for a router {@link #startWithZebra started with it}.
   */
  public ExecResult zebra(String... commands) {
    if (!zebra) {
      throw new IllegalStateException(this + " runs without zebra (start it with startWithZebra)");
    }
    return vtyshOf("zebra", commands);
  }

  private ExecResult vtyshOf(String daemon, String... commands) {
    List<String> full =
        new ArrayList<>(List.of("vtysh", "--vty_socket", vtyDir.toString(), "-d", daemon));
    for (String command : commands) {
      full.add("-c");
      full.add(command);
    }
    return host().exec(full);
  }

  private void configure(String prefix, String command) {
    List<String> commands = new ArrayList<>(FrrConfig.enterAddressFamily(config(), prefix));
    commands.add(command);
    ExecResult result = vtysh(commands.toArray(String[]::new)).orThrow();
    if (!result.stdout().isBlank()) {
      // vtysh exits 0 even when bgpd refuses a line; it says why on stdout.
      throw new IllegalStateException(
          this + " refused `" + command + "`: " + result.stdout().strip());
    }
  }
}
