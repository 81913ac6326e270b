package dev.tabby.bench.rr;

import dev.tabby.testbench.Host;
import dev.tabby.testbench.Lab;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Two namespaces of a fresh lab on one veth link: the reflector, and the clients with every
 * client's address on their one interface ({@link ClientPlan}). Each reflector gets its own, so
 * none inherits another's sockets or neighbour entries.
 */
record ReflectorLab(Host reflector, Host clients) {

  private static final Pattern ETHER = Pattern.compile("link/ether ([0-9a-f:]{17})");
  private static final String IF = "eth0";

  static ReflectorLab create(Lab lab, ClientPlan plan) {
    Host reflector = lab.host("rr");
    Host clients = lab.host("clients");
    lab.link(reflector, IF, clients, IF);
    reflector.addAddress(IF, ClientPlan.reflector() + "/" + ClientPlan.LINK_LENGTH);
    String clientsMac = mac(clients);
    StringBuilder addresses = new StringBuilder();
    StringBuilder neighbours = new StringBuilder();
    for (int client = 0; client < plan.clients(); client++) {
      String address = plan.client(client);
      addresses.append("address add ").append(address).append('/').append(ClientPlan.LINK_LENGTH);
      addresses.append(" dev ").append(IF).append('\n');
      neighbours.append(permanentNeighbour(address, clientsMac));
    }
    batch(clients, "addresses", addresses.toString());
    batch(clients, "neighbours", permanentNeighbour(ClientPlan.reflector(), mac(reflector)));
    batch(reflector, "neighbours", neighbours.toString());
    return new ReflectorLab(reflector, clients);
  }

  /**
   * A permanent neighbour entry: the kernel's ARP table is one for every namespace on the machine
   * and refuses new entries past gc_thresh3 (1,024 by default), which 1,000 clients alone would
   * fill; permanent entries are not counted against it.
   */
  private static String permanentNeighbour(String address, String mac) {
    return "neigh replace " + address + " lladdr " + mac + " dev " + IF + " nud permanent\n";
  }

  private static void batch(Host host, String name, String commands) {
    host.execOk("ip", "-batch", host.writeFile(name + ".ip", commands).toString());
  }

  private static String mac(Host host) {
    String link = host.ip("-o", "link", "show", IF).stdout();
    Matcher matcher = ETHER.matcher(link);
    if (!matcher.find()) {
      throw new IllegalStateException(
          "no MAC address for " + IF + " on " + host.name() + ": " + link);
    }
    return matcher.group(1);
  }
}
