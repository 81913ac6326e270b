package dev.tabby.testbench.bfd;

import dev.tabby.testbench.ExecResult;
import dev.tabby.testbench.Host;
import dev.tabby.testbench.HostProcess;
import dev.tabby.testbench.Wait;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * BIRD 2's {@code protocol bfd} with one static neighbour, single-hop or multihop, and nothing else
 * but the device protocol BFD needs to see interfaces. Timers change with a rewritten config and
 * {@code birdc configure}, which BIRD applies to the running session.
 */
public final class BirdBfd implements BfdPeerDaemon {
  /** "10.0.0.1 veth0 Up 12:00:00.000 0.100 0.300" in {@code show bfd sessions}. */
  private static final Pattern SESSION =
      Pattern.compile("^(\\S+)\\s+\\S+\\s+(\\S+)\\s+\\S+\\s+([0-9.]+)\\s+([0-9.]+)\\s*$");

  private final Host host;
  private final String local;
  private final String peer;
  private final boolean multihop;
  private final Path configFile;
  private final Path controlSocket;
  private final HostProcess process;

  /**
   * A BGP session to the BFD neighbour that uses BFD.
   *
   * @param originated a prefix to announce, or null for none
   * @param exportToKernel install what BGP learns in the namespace's kernel
   */
  public record Bgp(long localAs, long peerAs, String originated, boolean exportToKernel) {}

  private final Bgp bgp;

  private BirdBfd(
      Host host,
      String local,
      String peer,
      boolean multihop,
      Bgp bgp,
      int minTxMs,
      int minRxMs,
      int mult) {
    this.host = host;
    this.local = local;
    this.peer = peer;
    this.multihop = multihop;
    this.bgp = bgp;
    this.configFile = host.dir().resolve("bird-bfd.conf");
    this.controlSocket = host.dir().resolve("bird-bfd.ctl");
    writeConfig(minTxMs, minRxMs, mult);
    this.process =
        host.start(
            "bird-bfd",
            "bird",
            "-f",
            "-c",
            configFile.toString(),
            "-s",
            controlSocket.toString(),
            "-P",
            host.dir().resolve("bird-bfd.pid").toString());
    Wait.until(
        "BIRD to answer on " + controlSocket,
        Duration.ofSeconds(15),
        () -> birdc("show", "status").ok());
  }

  /** Starts BIRD on {@code host} with a BFD session from {@code local} to {@code peer}. */
  public static BirdBfd start(
      Host host, String local, String peer, int minTxMs, int minRxMs, int multiplier) {
    return new BirdBfd(host, local, peer, false, null, minTxMs, minRxMs, multiplier);
  }

  /**
   * Starts BIRD on {@code host} with a multihop BFD session (RFC 5883) from {@code local} to {@code
   * peer}. BIRD sends multihop packets with the system's default TTL (64) and checks none.
   */
  public static BirdBfd startMultihop(
      Host host, String local, String peer, int minTxMs, int minRxMs, int multiplier) {
    return new BirdBfd(host, local, peer, true, null, minTxMs, minRxMs, multiplier);
  }

  /**
   * Starts BIRD with BFD as above and an eBGP session to {@code peer} with {@code bfd on},
   * announcing {@code bgp.originated()}. BIRD retries connecting every second, so a session that
   * BFD dropped comes back as soon as the path does.
   */
  public static BirdBfd startWithBgp(
      Host host, String local, String peer, Bgp bgp, int minTxMs, int minRxMs, int multiplier) {
    return new BirdBfd(host, local, peer, false, bgp, minTxMs, minRxMs, multiplier);
  }

  private static String bgpConfig(String local, String peer, Bgp bgp) {
    String originate =
        bgp.originated() == null
            ? ""
            : "protocol static { ipv4; route " + bgp.originated() + " blackhole; }\n";
    String kernel =
        bgp.exportToKernel()
            ? "protocol kernel { ipv4 { export where source = RTS_BGP; }; }\n"
            : "";
    return originate
        + kernel
        + "protocol bgp tabby {\n  local "
        + local
        + " as "
        + bgp.localAs()
        + ";\n  neighbor "
        + peer
        + " as "
        + bgp.peerAs()
        + ";\n  ipv4 { import all; export all; };\n  bfd on;\n"
        + "  connect delay time 1;\n  connect retry time 1;\n  error wait time 1, 5;\n}\n";
  }

  /**
   * The configuration text: a BFD protocol with one neighbour and the given timers, which BIRD
   * takes from its {@code interface} block for single-hop sessions and its {@code multihop} block
   * for multihop ones.
   */
  static String config(
      String local, String peer, boolean multihop, int minTxMs, int minRxMs, int multiplier) {
    String timers =
        " { min rx interval "
            + minRxMs
            + " ms; min tx interval "
            + minTxMs
            + " ms; idle tx interval 1000 ms; multiplier "
            + multiplier
            + "; };\n";
    return "router id "
        + routerId(local)
        + ";\nprotocol device {}\nprotocol bfd {\n  interface \"*\""
        + timers
        + "  multihop"
        + timers
        + "  neighbor "
        + peer
        + " local "
        + local
        + (multihop ? " multihop yes" : "")
        + ";\n}\n";
  }

  /** BIRD's router ID is an IPv4 address: the local one, or a fixed one on an IPv6 link. */
  static String routerId(String local) {
    return local.contains(":") ? "10.255.255.1" : local;
  }

  private void writeConfig(int minTxMs, int minRxMs, int multiplier) {
    String text = config(local, peer, multihop, minTxMs, minRxMs, multiplier);
    if (bgp != null) {
      text += bgpConfig(local, peer, bgp);
    }
    host.writeFile(configFile.getFileName().toString(), text);
  }

  @Override
  public Optional<BfdPeerSession> session(String address) {
    String out = birdc("show", "bfd", "sessions").orThrow().stdout();
    for (String line : out.split("\n")) {
      Matcher m = SESSION.matcher(line.trim());
      if (m.matches() && m.group(1).equals(address)) {
        return Optional.of(
            new BfdPeerSession(
                address,
                m.group(2).toLowerCase(),
                Math.round(Double.parseDouble(m.group(3)) * 1000),
                Math.round(Double.parseDouble(m.group(4)) * 1000)));
      }
    }
    return Optional.empty();
  }

  @Override
  public void setTimers(int minTxMs, int minRxMs, int multiplier) {
    writeConfig(minTxMs, minRxMs, multiplier);
    birdc("configure").orThrow();
  }

  public ExecResult birdc(String... command) {
    String[] full = new String[command.length + 3];
    full[0] = "birdc";
    full[1] = "-s";
    full[2] = controlSocket.toString();
    System.arraycopy(command, 0, full, 3, command.length);
    return host.exec(full);
  }

  @Override
  public void close() {
    process.stop();
  }
}
