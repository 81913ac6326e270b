package dev.tabby.bench.bgp;

import dev.tabby.testbench.ExecResult;
import dev.tabby.testbench.Host;
import dev.tabby.testbench.HostProcess;
import dev.tabby.testbench.Wait;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * BIRD 2 as the benchmark's sender (1,000,000 blackhole statics exported over iBGP) or as a
 * receiver. Its configuration is the benchmark's own rather than the test bench's: the bench's BIRD
 * exports learned routes into the kernel, which would measure netlink instead of BGP, and FRR and
 * GoBGP do not touch the kernel either. The kernel benchmark's receiver does export them ({@link
 * #kernelReceiver}).
 */
public final class BirdRouter implements BenchDaemon {

  private static final String PROTOCOL = "peer";

  /** The {@code rtm_protocol} of the routes BIRD's kernel protocol installs (RTPROT_BIRD). */
  static final int KERNEL_PROTOCOL = 12;

  private static final Pattern IMPORTED = Pattern.compile("Routes:\\s+(\\d+) imported");

  private final Host host;
  private final HostProcess process;

  private BirdRouter(Host host, HostProcess process) {
    this.host = host;
    this.process = process;
  }

  /** Starts BIRD originating {@code prefixes} routes to the receiver. */
  static BirdRouter sender(Host host, int prefixes) {
    StringBuilder statics = new StringBuilder("protocol static bench_routes {\n  ipv4;\n");
    for (int i = 0; i < prefixes; i++) {
      statics.append("  route ").append(Prefixes.nth(i)).append(" blackhole;\n");
    }
    statics.append("}\n\n");
    return start(
        host,
        Topology.SENDER_ADDRESS,
        Topology.RECEIVER_ADDRESS,
        statics.toString(),
        "ipv4 { import none; export all; next hop self; };",
        false);
  }

  /** Starts BIRD accepting every route from the sender and keeping it in its own table only. */
  static BirdRouter receiver(Host host) {
    return start(
        host,
        Topology.RECEIVER_ADDRESS,
        Topology.SENDER_ADDRESS,
        "",
        "ipv4 { import all; export none; };",
        true);
  }

  /**
   * Starts BIRD accepting every IPv4 and IPv6 route from the sender and exporting them all into the
   * kernel's main table (its kernel protocols, one per family), as a router that forwards does.
   */
  static KernelReceiver kernelReceiver(Host host) {
    String kernel =
        "protocol kernel kernel4 { ipv4 { import none; export all; }; }\n\n"
            + "protocol kernel kernel6 { ipv6 { import none; export all; }; }\n\n";
    BirdRouter bird =
        start(
            host,
            Topology.RECEIVER_ADDRESS,
            Topology.SENDER_ADDRESS,
            kernel,
            "ipv4 { import all; export none; };\n  ipv6 { import all; export none; };",
            true);
    return new KernelReceiver("BIRD", KERNEL_PROTOCOL, List.of(bird.process));
  }

  private static BirdRouter start(
      Host host, String self, String peer, String protocols, String channels, boolean passive) {
    String config =
        "log stderr { warning, error, fatal };\n"
            + "router id "
            + self
            + ";\n\n"
            + "protocol device {}\n\n"
            + protocols
            + "protocol bgp "
            + PROTOCOL
            + " {\n"
            + "  local "
            + self
            + " as "
            + Topology.AS
            + ";\n"
            + "  neighbor "
            + peer
            + " as "
            + Topology.AS
            + ";\n"
            + "  direct;\n"
            // BIRD waits 5 s before its first connection attempt; the run need not.
            + "  connect delay time 1;\n"
            + "  connect retry time 2;\n"
            + "  graceful restart off;\n"
            + (passive ? "  passive on;\n" : "")
            + "  "
            + channels
            + "\n"
            + "}\n";
    return new BirdRouter(host, launch(host, config));
  }

  /**
   * Starts {@code bird} in the foreground with {@code config} and waits until it answers on its
   * control socket, in the host's directory.
   */
  public static HostProcess launch(Host host, String config) {
    String configFile = host.writeFile("bird.conf", config).toString();
    String socket = host.dir().resolve("bird.ctl").toString();
    HostProcess process =
        host.start(
            "bird",
            "bird",
            "-f",
            "-c",
            configFile,
            "-s",
            socket,
            "-P",
            host.dir().resolve("bird.pid").toString());
    // A million statics take BIRD a few seconds to parse before it answers.
    Wait.until(
        "BIRD on " + host.name() + " to answer on " + socket,
        Duration.ofSeconds(120),
        () -> {
          process.assertAlive();
          return birdc(host, "show", "status");
        },
        ExecResult::ok);
    return process;
  }

  /** This BIRD as a sender that has parsed its statics and starts sending now. */
  Sender sending() {
    return Sender.startingNow(process, up -> birdc(up ? "enable" : "disable", PROTOCOL).orThrow());
  }

  @Override
  public String name() {
    return "BIRD";
  }

  @Override
  public HostProcess process() {
    return process;
  }

  @Override
  public long acceptedPrefixes() {
    String out = birdc("show", "protocols", "all", PROTOCOL).orThrow().stdout();
    Matcher matcher = IMPORTED.matcher(out);
    return matcher.find() ? Long.parseLong(matcher.group(1)) : 0;
  }

  private ExecResult birdc(String... command) {
    return birdc(host, command);
  }

  private static ExecResult birdc(Host host, String... command) {
    String[] full = new String[command.length + 3];
    full[0] = "birdc";
    full[1] = "-s";
    full[2] = host.dir().resolve("bird.ctl").toString();
    System.arraycopy(command, 0, full, 3, command.length);
    return host.exec(full);
  }
}
