package dev.tabby.testbench.bfd;

import dev.tabby.testbench.ExecResult;
import dev.tabby.testbench.Host;
import dev.tabby.testbench.HostProcess;
import dev.tabby.testbench.Wait;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * FRR's {@code bfdd} with one configured peer, single-hop or multihop (accepting packets that
 * arrive with TTL 254 or more, bfdd's default), without zebra (bfdd needs it only for VRFs and
 * interface names). bfdd drops privileges to the frr user, who cannot enter the lab's private run
 * directory, so its configuration, pid file, vty and control sockets live in a temporary directory
 * of their own, removed on close.
 */
public final class FrrBfd implements BfdPeerDaemon {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String BFDD = "/usr/lib/frr/bfdd";

  private final Host host;
  private final String local;
  private final String peer;
  private final boolean multihop;
  private final Path runDir;
  private final HostProcess process;

  private FrrBfd(
      Host host, String local, String peer, boolean multihop, int minTxMs, int minRxMs, int mult) {
    if (!Files.isExecutable(Path.of(BFDD))) {
      throw new IllegalStateException(BFDD + " is missing: install the Debian package frr");
    }
    this.host = host;
    this.local = local;
    this.peer = peer;
    this.multihop = multihop;
    try {
      this.runDir = Files.createTempDirectory("tabby-bfdd-");
      Files.setPosixFilePermissions(runDir, PosixFilePermissions.fromString("rwxrwxrwx"));
      Files.writeString(
          runDir.resolve("bfdd.conf"),
          "bfd\n " + peerCommand() + "\n" + timers(minTxMs, minRxMs, mult) + " !\n!\n");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a directory for bfdd", e);
    }
    this.process =
        host.start(
            "bfdd",
            BFDD,
            "-f",
            runDir.resolve("bfdd.conf").toString(),
            "-i",
            runDir.resolve("bfdd.pid").toString(),
            "--vty_socket",
            runDir.toString(),
            "--bfdctl",
            runDir.resolve("bfdd.sock").toString(),
            "-P",
            "0");
    Wait.until(
        "bfdd to answer on " + runDir,
        Duration.ofSeconds(15),
        () -> vtysh("show bfd peers json").ok());
  }

  public static FrrBfd start(
      Host host, String local, String peer, int minTxMs, int minRxMs, int multiplier) {
    return new FrrBfd(host, local, peer, false, minTxMs, minRxMs, multiplier);
  }

  /** Starts bfdd with a multihop session (RFC 5883) from {@code local} to {@code peer}. */
  public static FrrBfd startMultihop(
      Host host, String local, String peer, int minTxMs, int minRxMs, int multiplier) {
    return new FrrBfd(host, local, peer, true, minTxMs, minRxMs, multiplier);
  }

  /** The {@code peer} line that names the session in bfdd's configuration. */
  private String peerCommand() {
    return "peer " + peer + (multihop ? " multihop" : "") + " local-address " + local;
  }

  private static String timers(int minTxMs, int minRxMs, int multiplier) {
    return "  receive-interval "
        + minRxMs
        + "\n  transmit-interval "
        + minTxMs
        + "\n  detect-multiplier "
        + multiplier
        + "\n";
  }

  @Override
  public Optional<BfdPeerSession> session(String address) {
    JsonNode peers = JSON.readTree(vtysh("show bfd peers json").orThrow().stdout());
    for (JsonNode p : peers) {
      if (p.path("peer").asString().equals(address)) {
        long tx =
            Math.max(
                p.path("transmit-interval").asLong(), p.path("remote-receive-interval").asLong());
        long detection =
            p.path("remote-detect-multiplier").asLong()
                * Math.max(
                    p.path("receive-interval").asLong(),
                    p.path("remote-transmit-interval").asLong());
        return Optional.of(new BfdPeerSession(address, p.path("status").asString(), tx, detection));
      }
    }
    return Optional.empty();
  }

  @Override
  public void setTimers(int minTxMs, int minRxMs, int multiplier) {
    ExecResult result =
        vtysh(
            "configure terminal",
            "bfd",
            peerCommand(),
            "receive-interval " + minRxMs,
            "transmit-interval " + minTxMs,
            "detect-multiplier " + multiplier);
    result.orThrow();
  }

  /** Runs vtysh commands against this bfdd, in order. */
  public ExecResult vtysh(String... commands) {
    List<String> full =
        new ArrayList<>(List.of("vtysh", "--vty_socket", runDir.toString(), "-d", "bfdd"));
    for (String command : commands) {
      full.add("-c");
      full.add(command);
    }
    return host.exec(full);
  }

  @Override
  public void close() {
    process.stop();
    try (Stream<Path> files = Files.walk(runDir)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove " + runDir, e);
    }
  }
}
