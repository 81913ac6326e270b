package dev.tabby.bench.rr;

import dev.tabby.testbench.Host;
import dev.tabby.testbench.bgp.TabbyBgp;

/**
 * The {@code tabby-bgp} daemon as a route reflector: a cluster ID, and one passive
 * route-reflector-client peer per client written into its YAML config. It is the speaker {@code
 * tabby-rr} runs, without the Kubernetes API; {@code bench/reflector.sh} gives it {@code
 * tabby-rr}'s JVM options.
 */
final class TabbyReflector implements Reflector.Kind {

  private final String javaOptions;

  /**
   * @param javaOptions the daemon's JVM options ({@code bench/reflector.sh} passes {@code
   *     bin/tabby-rr}'s), or null for {@code bin/tabby-bgp}'s defaults
   */
  TabbyReflector(String javaOptions) {
    this.javaOptions = javaOptions;
  }

  @Override
  public String name() {
    return "Tabby";
  }

  @Override
  public Reflector start(Host host, ClientPlan plan) {
    TabbyBgp daemon = TabbyBgp.start(host, config(plan), javaOptions);
    return new Reflector(name(), daemon.process());
  }

  static String config(ClientPlan plan) {
    String self = ClientPlan.reflector();
    StringBuilder config =
        new StringBuilder()
            .append("routerId: ")
            .append(self)
            .append("\nlocalAs: ")
            .append(ClientPlan.AS)
            .append("\nclusterId: ")
            .append(self)
            .append("\nlisten: {address: ")
            .append(self)
            .append(", port: 179}\npeers:\n");
    for (int client = 0; client < plan.clients(); client++) {
      config
          .append("  - {address: ")
          .append(plan.client(client))
          .append(", as: ")
          .append(ClientPlan.AS)
          .append(", passive: true, routeReflectorClient: true}\n");
    }
    return config.toString();
  }
}
