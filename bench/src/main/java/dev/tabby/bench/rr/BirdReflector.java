package dev.tabby.bench.rr;

import dev.tabby.bench.bgp.BirdRouter;
import dev.tabby.testbench.Host;

/**
 * BIRD 2 as a route reflector the way Calico's reflectors run it: one {@code protocol bgp} per
 * client from a template holding {@code rr client} and the cluster ID, every route imported and
 * exported, and no kernel protocol (a reflector installs nothing).
 */
final class BirdReflector implements Reflector.Kind {

  @Override
  public String name() {
    return "BIRD";
  }

  @Override
  public Reflector start(Host host, ClientPlan plan) {
    return new Reflector(name(), BirdRouter.launch(host, config(plan)));
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
