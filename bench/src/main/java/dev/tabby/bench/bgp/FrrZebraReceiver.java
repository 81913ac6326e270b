package dev.tabby.bench.bgp;

import dev.tabby.testbench.ExecResult;
import dev.tabby.testbench.Host;
import dev.tabby.testbench.HostProcess;
import dev.tabby.testbench.Wait;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * FRR as a receiver that installs what it learns: zebra, then bgpd talking to it over zebra's
 * socket in the host's directory, accepting every IPv4 and IPv6 route from the {@link Topology}'s
 * sender. zebra writes them into the main table with {@code rtm_protocol} 186 (bgp). The test
 * bench's FRR runs bgpd alone ({@code -Z}), so this launcher is the benchmark's own.
 */
final class FrrZebraReceiver {

  /** The {@code rtm_protocol} zebra gives the routes it installs for bgpd (RTPROT_BGP). */
  static final int KERNEL_PROTOCOL = 186;

  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

  /** The user zebra runs as, which FRR's package creates. */
  private static final String FRR_USER = "frr";

  private FrrZebraReceiver() {}

  static KernelReceiver start(Host host) {
    Path vtyDir = host.dir().resolve("frr");
    try {
      // zebra drops to the frr user at start-up and then writes its pid file and sockets here:
      // the lab's private directories let that user pass through (not list), this one it owns.
      for (Path dir = host.dir(); dir.startsWith(host.dir().getParent()); dir = dir.getParent()) {
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(dir);
        permissions.add(PosixFilePermission.OTHERS_EXECUTE);
        Files.setPosixFilePermissions(dir, permissions);
      }
      Files.createDirectories(vtyDir);
      UserPrincipalLookupService users = vtyDir.getFileSystem().getUserPrincipalLookupService();
      Files.setOwner(vtyDir, users.lookupPrincipalByName(FRR_USER));
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot create " + vtyDir + " for the " + FRR_USER + " user (package frr)", e);
    }
    String zserv = vtyDir.resolve("zserv.api").toString();
    HostProcess zebra =
        host.start(
            "zebra",
            "/usr/lib/frr/zebra",
            "-f",
            host.writeFile("zebra.conf", "hostname " + host.name() + "\n").toString(),
            "-i",
            vtyDir.resolve("zebra.pid").toString(),
            "-z",
            zserv,
            "--vty_socket",
            vtyDir.toString(),
            "-P",
            "0");
    awaitAnswer(host, zebra, vtyDir, "zebra", "show zebra client summary");
    HostProcess bgpd =
        host.start(
            "bgpd",
            "/usr/lib/frr/bgpd",
            "-f",
            host.writeFile("bgpd.conf", bgpdConfig(host.name())).toString(),
            "-i",
            host.dir().resolve("bgpd.pid").toString(),
            "-z",
            zserv,
            "--vty_socket",
            vtyDir.toString(),
            "-P",
            "0",
            "-S",
            "-l",
            Topology.RECEIVER_ADDRESS);
    awaitAnswer(host, bgpd, vtyDir, "bgpd", "show bgp summary json");
    return new KernelReceiver("FRR", KERNEL_PROTOCOL, List.of(zebra, bgpd));
  }

  private static String bgpdConfig(String hostname) {
    String neighbor = " neighbor " + Topology.SENDER_ADDRESS;
    StringBuilder config =
        new StringBuilder("frr defaults traditional\n")
            .append("hostname ")
            .append(hostname)
            .append("\nlog stdout warnings\n!\nrouter bgp ")
            .append(Topology.AS)
            .append("\n bgp router-id ")
            .append(Topology.RECEIVER_ADDRESS)
            .append("\n no bgp default ipv4-unicast\n bgp graceful-restart-disable\n")
            .append(neighbor)
            .append(" remote-as ")
            .append(Topology.AS)
            .append('\n')
            .append(neighbor)
            .append(" passive\n");
    for (String family : List.of("ipv4", "ipv6")) {
      config
          .append(" address-family ")
          .append(family)
          .append(" unicast\n ")
          .append(neighbor)
          .append(" activate\n exit-address-family\n");
    }
    return config.append("!\n").toString();
  }

  private static void awaitAnswer(
      Host host, HostProcess process, Path vtyDir, String daemon, String command) {
    Wait.until(
        "FRR " + daemon + " on " + host.name() + " to answer on " + vtyDir,
        STARTUP_TIMEOUT,
        () -> {
          process.assertAlive();
          return host.exec("vtysh", "--vty_socket", vtyDir.toString(), "-d", daemon, "-c", command);
        },
        ExecResult::ok);
  }
}
