package dev.tabby.testbench.bgp;

import dev.tabby.testbench.Host;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ExaBGP as a scripted BGP peer in a lab host: a test decides exactly what it announces, down to
 * hand-made path attribute bytes, which makes it the tool for sending malformed UPDATEs. Commands
 * go through ExaBGP's process API ({@link #send(String)} waits for ExaBGP's acknowledgement);
 * sessions and received routes are read back from the JSON events it reports. ExaBGP keeps no
 * kernel routes.
 */
public final class ExaBgp extends BgpDaemon {

  private static final Logger log = LoggerFactory.getLogger(ExaBgp.class);

  private final Path commands;
  private final Path events;
  private int commandsSent;

  private ExaBgp(Host host, BgpDaemonConfig config) {
    super("ExaBGP", host, config);
    this.commands = host.dir().resolve("exabgp.commands");
    this.events = host.dir().resolve("exabgp.events");
  }

  /**
   * Writes the configuration, starts ExaBGP and waits until its API answers. Every neighbour needs
   * a local address ({@link Neighbor#withLocalAddress} or the config's listen address): ExaBGP does
   * not pick one itself.
   */
  public static ExaBgp start(Host host, BgpDaemonConfig config) {
    requireInstalled("exabgp", "exabgp");
    ExaBgp exabgp = new ExaBgp(host, config);
    Path configFile =
        host.writeFile(
            "exabgp.conf",
            ExaBgpConfig.render(config, config.originated(), exabgp.commands, exabgp.events));
    host.writeFile(exabgp.commands.getFileName().toString(), "");
    host.writeFile(exabgp.events.getFileName().toString(), "");
    List<String> command = new ArrayList<>(List.of("env"));
    environment(config).forEach((key, value) -> command.add(key + "=" + value));
    command.addAll(List.of("exabgp", configFile.toString()));
    exabgp.started(host.start("exabgp", command));
    exabgp.send("version");
    log.info("{} is up, config {}", exabgp, configFile);
    return exabgp;
  }

  /** Sessions as ExaBGP last reported them; it reports no prefix counts. */
  @Override
  public List<NeighborState> neighbors() {
    Map<String, String> states = readEvents().states();
    return config().neighbors().stream()
        .map(
            n -> {
              String state = states.getOrDefault(n.address(), "idle");
              return new NeighborState(n.address(), state, state.equals("up"), null);
            })
        .toList();
  }

  @Override
  public List<LearnedRoute> routes() {
    return readEvents().routes();
  }

  @Override
  public void announce(String prefix) {
    if (addOriginated(prefix)) {
      send("announce route " + prefix + " next-hop self");
    }
  }

  @Override
  public void withdraw(String prefix) {
    if (removeOriginated(prefix)) {
      send("withdraw route " + prefix + " next-hop self");
    }
  }

  /**
   * Announces {@code prefix} with one extra path attribute made of exactly these bytes: type code,
   * flags, and value. ExaBGP sends it as given, so it can be wrong on purpose (bad flags, bad
   * length, a known type with a malformed value) to test how a peer handles a broken UPDATE.
   */
  public void announceWithRawAttribute(String prefix, int typeCode, int flags, byte[] value) {
    send(
        "announce route "
            + prefix
            + " next-hop self attribute [ "
            + String.format("0x%02x 0x%02x 0x%s", typeCode, flags, HexFormat.of().formatHex(value))
            + " ]");
  }

  /**
   * Sends one line to ExaBGP's API, e.g. {@code "announce route 10.9.0.0/24 next-hop self community
   * [65000:1] med 50"}, and waits for ExaBGP to acknowledge it.
   *
   * @throws IllegalArgumentException when ExaBGP rejects the command
   */
  public synchronized void send(String apiCommand) {
    try {
      Files.writeString(commands, apiCommand + "\n", StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write to " + commands, e);
    }
    int expected = ++commandsSent;
    List<String> acks =
        await(
            "ExaBGP to acknowledge `" + apiCommand + "`",
            STARTUP_TIMEOUT,
            () -> readEvents().acknowledgements(),
            a -> a.size() >= expected);
    if (!acks.get(expected - 1).equals("done")) {
      throw new IllegalArgumentException(
          "ExaBGP rejected `"
              + apiCommand
              + "` ("
              + acks.get(expected - 1)
              + "); log:\n"
              + logTail());
    }
  }

  private ExaBgpEvents readEvents() {
    try {
      return ExaBgpEvents.replay(Files.readString(events));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + events, e);
    }
  }

  /**
   * ExaBGP reads its settings from the environment: stay in the foreground as root, log to stdout
   * (the process log), acknowledge API commands, and open no CLI pipes.
   */
  private static Map<String, String> environment(BgpDaemonConfig config) {
    String bind =
        config.listenAddress() != null
            ? config.listenAddress()
            : config.neighbors().stream()
                .filter(Neighbor::passive)
                .map(n -> ExaBgpConfig.localAddress(config, n))
                .distinct()
                .collect(Collectors.joining(" "));
    return Map.of(
        "exabgp.daemon.user", "root",
        "exabgp.daemon.daemonize", "false",
        "exabgp.log.destination", "stdout",
        "exabgp.api.ack", "true",
        "exabgp.api.cli", "false",
        "exabgp.tcp.bind", bind,
        "exabgp.tcp.port", Integer.toString(config.port()));
  }
}
