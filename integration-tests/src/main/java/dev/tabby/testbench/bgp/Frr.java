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
 * FRR's {@code bgpd} as a BGP router in a lab host, standing in for a top-of-rack router. It runs
 * without zebra ({@code -Z}): bgpd alone cannot install learned routes into the kernel, so FRR
 * routers exchange routes but do not forward along them; tests that need forwarding use {@link
 * Bird} or static routes. Runtime announce and withdraw are {@code network} statements via vtysh.
 */
public final class Frr extends BgpDaemon {

  private static final Logger log = LoggerFactory.getLogger(Frr.class);

  private final Path vtyDir;

  private Frr(Host host, BgpDaemonConfig config) {
    super("FRR", host, config);
    this.vtyDir = host.dir().resolve("frr");
  }

  /**
   * Kills this bgpd (SIGKILL: its sessions drop without a NOTIFICATION) and starts a new one with
   * {@code config}: with graceful restart configured, it comes back as a router restarting
   * gracefully (RFC 4724) would.
   */
  public Frr crashAndRestart(BgpDaemonConfig config) {
    process().kill();
    return start(host(), config);
  }

  /** Writes the configuration into the host's directory, starts bgpd and waits until it answers. */
  public static Frr start(Host host, BgpDaemonConfig config) {
    requireInstalled("/usr/lib/frr/bgpd", "frr");
    requireInstalled("vtysh", "frr");
    Frr frr = new Frr(host, config);
    try {
      Files.createDirectories(frr.vtyDir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + frr.vtyDir, e);
    }
    Path configFile =
        host.writeFile("bgpd.conf", FrrConfig.render(config, host.name(), config.originated()));
    List<String> command =
        new ArrayList<>(
            List.of(
                "/usr/lib/frr/bgpd",
                "-Z",
                "-n",
                "-S",
                "-f",
                configFile.toString(),
                "-i",
                host.dir().resolve("bgpd.pid").toString(),
                "--vty_socket",
                frr.vtyDir.toString(),
                "-P",
                "0",
                "-p",
                Integer.toString(config.port())));
    if (config.listenAddress() != null) {
      command.addAll(List.of("-l", config.listenAddress()));
    }
    frr.started(host.start("bgpd", command));
    frr.await(
        "FRR bgpd to answer on " + frr.vtyDir,
        STARTUP_TIMEOUT,
        () -> frr.vtysh("show bgp summary json"),
        ExecResult::ok);
    log.info("{} is up, config {}", frr, configFile);
    return frr;
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
    List<String> full =
        new ArrayList<>(List.of("vtysh", "--vty_socket", vtyDir.toString(), "-d", "bgpd"));
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
