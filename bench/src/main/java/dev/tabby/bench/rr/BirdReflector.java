package dev.tabby.bench.rr;

import dev.tabby.testbench.ExecResult;
import dev.tabby.testbench.Host;
import dev.tabby.testbench.HostProcess;
import dev.tabby.testbench.Wait;
import java.time.Duration;

/**
 * BIRD 2 as a route reflector the way Calico's reflectors run it: one {@code protocol bgp} per
 * client from a template holding {@code rr client} and the cluster ID, every route imported and
 * exported, and no kernel protocol (a reflector installs nothing).
 */
final class BirdReflector implements Reflector.Kind {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  @Override
  public String name() {
    return "BIRD";
  }

  @Override
  public Reflector start(Host host, ClientPlan plan) {
    String configFile = host.writeFile("bird.conf", config(plan)).toString();
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
    Wait.until(
        "BIRD on " + host.name() + " to answer on " + socket,
        START_TIMEOUT,
        () -> {
          process.assertAlive();
          return host.exec("birdc", "-s", socket, "show", "status");
        },
        ExecResult::ok);
    return new Reflector(name(), process);
  }

  static String config(ClientPlan plan) {
    String self = ClientPlan.reflector();
    StringBuilder config =
        new StringBuilder()
            .append("log stderr { warning, error, fatal };\n")
            .append("router id ")
            .append(self)
            .append(";\n\nprotocol device {}\n\n")
            .append("template bgp rr_client_template {\n")
            .append("  local ")
            .append(self)
            .append(" as ")
            .append(ClientPlan.AS)
            .append(";\n  direct;\n  passive on;\n")
            .append("  rr client;\n  rr cluster id ")
            .append(self)
            .append(";\n  graceful restart off;\n")
            .append("  ipv4 { import all; export all; };\n}\n\n");
    for (int client = 0; client < plan.clients(); client++) {
      config
          .append("protocol bgp client_")
          .append(client)
          .append(" from rr_client_template { neighbor ")
          .append(plan.client(client))
          .append(" as ")
          .append(ClientPlan.AS)
          .append("; }\n");
    }
    return config.toString();
  }
}
