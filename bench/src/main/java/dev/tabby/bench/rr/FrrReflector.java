package dev.tabby.bench.rr;

import dev.tabby.testbench.ExecResult;
import dev.tabby.testbench.Host;
import dev.tabby.testbench.HostProcess;
import dev.tabby.testbench.Wait;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * FRR's bgpd as a route reflector: the clients accepted from a listen range into one peer group of
 * route-reflector clients (one update group, so each UPDATE is built once for all), bgpd alone
 * without zebra ({@code -Z}), so nothing is installed.
 */
final class FrrReflector implements Reflector.Kind {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  @Override
  public String name() {
    return "FRR";
  }

  @Override
  public Reflector start(Host host, ClientPlan plan) {
    Path vtyDir = host.dir().resolve("frr");
    try {
      Files.createDirectories(vtyDir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + vtyDir, e);
    }
    HostProcess process =
        host.start(
            "bgpd",
            "/usr/lib/frr/bgpd",
            "-Z",
            "-n",
            "-S",
            "-f",
            host.writeFile("bgpd.conf", config(plan, host.name())).toString(),
            "-i",
            host.dir().resolve("bgpd.pid").toString(),
            "--vty_socket",
            vtyDir.toString(),
            "-P",
            "0",
            "-l",
            ClientPlan.reflector());
    Wait.until(
        "FRR bgpd on " + host.name() + " to answer on " + vtyDir,
        START_TIMEOUT,
        () -> {
          process.assertAlive();
          return host.exec(
              "vtysh", "--vty_socket", vtyDir.toString(), "-d", "bgpd", "-c", "show bgp summary");
        },
        ExecResult::ok);
    return new Reflector(name(), process);
  }

  static String config(ClientPlan plan, String hostname) {
    String self = ClientPlan.reflector();
    return "frr defaults traditional\n"
        + "hostname "
        + hostname
        + "\nlog stdout warnings\n!\nrouter bgp "
        + ClientPlan.AS
        + "\n bgp router-id "
        + self
        + "\n bgp cluster-id "
        + self
        + "\n no bgp default ipv4-unicast\n bgp graceful-restart-disable\n"
        + " neighbor clients peer-group\n neighbor clients remote-as "
        + ClientPlan.AS
        // The default limit of dynamic neighbours is 100.
        + "\n bgp listen limit "
        + plan.clients()
        + "\n bgp listen range "
        + ClientPlan.link()
        + " peer-group clients\n"
        + " address-family ipv4 unicast\n  neighbor clients activate\n"
        + "  neighbor clients route-reflector-client\n exit-address-family\n!\n";
  }
}
