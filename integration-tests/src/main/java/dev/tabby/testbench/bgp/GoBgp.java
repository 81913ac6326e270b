package dev.tabby.testbench.bgp;

import dev.tabby.testbench.ExecResult;
import dev.tabby.testbench.Host;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GoBGP as a BGP router in a lab host. It does not install learned routes into the kernel (that
 * needs zebra), so it exchanges routes but does not forward along them. Originated prefixes,
 * initial and runtime, go in through its API with {@code gobgp global rib add}.
 */
public final class GoBgp extends BgpDaemon {

  private static final Logger log = LoggerFactory.getLogger(GoBgp.class);

  /** The gRPC API listens on the namespace's own loopback, so every host can use the default. */
  private static final String API = "127.0.0.1:50051";

  private GoBgp(Host host, BgpDaemonConfig config) {
    super("GoBGP", host, config);
  }

  /** Writes the configuration, starts gobgpd, waits until its API answers, then originates. */
  public static GoBgp start(Host host, BgpDaemonConfig config) {
    requireInstalled("gobgpd", "gobgpd");
    requireInstalled("gobgp", "gobgpd");
    GoBgp gobgp = new GoBgp(host, config);
    Path configFile = host.writeFile("gobgpd.toml", GoBgpConfig.render(config));
    gobgp.started(
        host.start(
            "gobgpd",
            "gobgpd",
            "-f",
            configFile.toString(),
            "-t",
            "toml",
            "--log-plain",
            "--pprof-disable",
            "--api-hosts",
            API));
    gobgp.await(
        "GoBGP to answer on " + API, STARTUP_TIMEOUT, () -> gobgp.gobgp("global"), ExecResult::ok);
    for (String prefix : config.originated()) {
      gobgp.ribAdd(prefix);
    }
    log.info("{} is up, config {}", gobgp, configFile);
    return gobgp;
  }

  @Override
  public List<NeighborState> neighbors() {
    return GoBgpOutput.neighbors(gobgp("neighbor", "-j").orThrow().stdout());
  }

  @Override
  public List<LearnedRoute> routes() {
    return Stream.of("ipv4", "ipv6")
        .flatMap(
            family ->
                GoBgpOutput.routes(gobgp("global", "rib", "-a", family, "-j").orThrow().stdout())
                    .stream())
        .toList();
  }

  @Override
  public void announce(String prefix) {
    if (addOriginated(prefix)) {
      ribAdd(prefix);
    }
  }

  @Override
  public void withdraw(String prefix) {
    if (removeOriginated(prefix)) {
      gobgp("global", "rib", "del", prefix, "-a", family(prefix)).orThrow();
    }
  }

  /** Runs the {@code gobgp} CLI against this daemon, e.g. {@code gobgp("neighbor")}. */
  public ExecResult gobgp(String... args) {
    List<String> command = new ArrayList<>(List.of("gobgp"));
    command.addAll(List.of(args));
    return host().exec(command);
  }

  private void ribAdd(String prefix) {
    gobgp("global", "rib", "add", prefix, "origin", "igp", "-a", family(prefix)).orThrow();
  }

  private static String family(String prefix) {
    return prefix.contains(":") ? "ipv6" : "ipv4";
  }
}
