package dev.tabby.testbench.bgp;

import dev.tabby.testbench.ExecResult;
import dev.tabby.testbench.Host;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * BIRD 2 as a BGP router in a lab host. Besides BGP it exports every learned route into its
 * namespace's kernel, so a BIRD router really forwards along what it learned: the bench's routed
 * ping proof relies on this. Originated prefixes are blackhole statics; runtime announce and
 * withdraw rewrite the configuration and run {@code birdc configure}.
 */
public final class Bird extends BgpDaemon {

  private static final Logger log = LoggerFactory.getLogger(Bird.class);

  private final Path configFile;
  private final Path controlSocket;
  private final Map<String, String> peerOfProtocol = new LinkedHashMap<>();

  private Bird(Host host, BgpDaemonConfig config) {
    super("BIRD", host, config);
    this.configFile = host.dir().resolve("bird.conf");
    this.controlSocket = host.dir().resolve("bird.ctl");
    nameProtocols(config);
  }

  /** BirdConfig names the protocol of the i-th neighbour {@code protocolName(i)}. */
  private void nameProtocols(BgpDaemonConfig config) {
    peerOfProtocol.clear();
    List<Neighbor> neighbors = config.neighbors();
    for (int i = 0; i < neighbors.size(); i++) {
      peerOfProtocol.put(BirdConfig.protocolName(i), neighbors.get(i).address());
    }
  }

  /** Writes the configuration into the host's directory, starts BIRD and waits until it answers. */
  public static Bird start(Host host, BgpDaemonConfig config) {
    return start(host, config, false);
  }

  /**
   * Kills this BIRD (SIGKILL: its sessions drop without a NOTIFICATION, its kernel routes stay) and
   * starts a new one in graceful restart recovery ({@code bird -R}), as a router restarting
   * gracefully would (RFC 4724): it tells its peers it restarted and kept its forwarding state.
   *
   * @param config the new BIRD's configuration
   */
  public Bird crashAndRecover(BgpDaemonConfig config) {
    process().kill();
    return start(host(), config, true);
  }

  private static Bird start(Host host, BgpDaemonConfig config, boolean recovering) {
    requireInstalled("bird", "bird2");
    requireInstalled("birdc", "bird2");
    Bird bird = new Bird(host, config);
    bird.writeConfig();
    List<String> command =
        new ArrayList<>(
            List.of(
                "bird",
                "-f",
                "-c",
                bird.configFile.toString(),
                "-s",
                bird.controlSocket.toString(),
                "-P",
                host.dir().resolve("bird.pid").toString()));
    if (recovering) {
      command.add("-R");
    }
    bird.started(host.start("bird", command));
    bird.await(
        "BIRD to answer on " + bird.controlSocket,
        STARTUP_TIMEOUT,
        () -> bird.birdc("show", "status"),
        ExecResult::ok);
    log.info("{} is up, config {}", bird, bird.configFile);
    return bird;
  }

  @Override
  public List<NeighborState> neighbors() {
    String out = birdc("show", "protocols", "all").orThrow().stdout();
    return BirdOutput.protocols(out).stream()
        .filter(p -> peerOfProtocol.containsKey(p.name()))
        .map(
            p ->
                new NeighborState(
                    peerOfProtocol.get(p.name()),
                    p.bgpState(),
                    p.bgpState().equals("Established"),
                    p.imported()))
        .toList();
  }

  @Override
  public List<LearnedRoute> routes() {
    return BirdOutput.routes(birdc("show", "route", "all").orThrow().stdout(), peerOfProtocol);
  }

  @Override
  public void announce(String prefix) {
    if (addOriginated(prefix)) {
      reconfigure();
    }
  }

  @Override
  public void withdraw(String prefix) {
    if (removeOriginated(prefix)) {
      reconfigure();
    }
  }

  /**
   * Gives the running BIRD {@code newConfig}'s neighbours ({@code birdc configure}). Neighbours are
   * numbered in order, so a config that appends neighbours leaves the existing sessions up and
   * starts the new ones, as a router operator adding a peer would.
   */
  public void reconfigure(BgpDaemonConfig newConfig) {
    configChanged(newConfig);
    nameProtocols(newConfig);
    reconfigure();
  }

  /**
   * Gives the running BIRD its rendered configuration as changed by {@code edit} ({@code birdc
   * configure}), for what {@link BgpDaemonConfig} does not describe: an option of BIRD's own, a
   * protocol of the test's. Neighbour {@code i}'s protocol is {@code peer<i+1>}. The next announce,
   * withdraw or reconfigure renders the configuration afresh, without the change.
   */
  public void reconfigureEdited(UnaryOperator<String> edit) {
    String rendered = BirdConfig.render(config(), originated());
    String edited = edit.apply(rendered);
    if (edited.equals(rendered)) {
      throw new IllegalArgumentException("the edit changed nothing in " + configFile);
    }
    host().writeFile(configFile.getFileName().toString(), edited);
    configure();
  }

  /** Runs a {@code birdc} command against this BIRD, e.g. {@code birdc("show", "route")}. */
  public ExecResult birdc(String... command) {
    List<String> full = new ArrayList<>(List.of("birdc", "-s", controlSocket.toString()));
    full.addAll(List.of(command));
    return host().exec(full);
  }

  private void writeConfig() {
    host()
        .writeFile(configFile.getFileName().toString(), BirdConfig.render(config(), originated()));
  }

  private void reconfigure() {
    writeConfig();
    configure();
  }

  private void configure() {
    ExecResult result = birdc("configure").orThrow();
    if (!result.stdout().contains("Reconfigur")) {
      throw new IllegalStateException(
          this + " rejected its new configuration: " + result.describe());
    }
  }
}
