package dev.tabby.dataplane;

import dev.tabby.testbench.Host;
import java.util.Arrays;
import java.util.List;

/** The kernel's own view of a test host's routes, through `ip`, one normalised line per route. */
final class KernelView {
  private KernelView() {}

  /**
   * Routes of one protocol in every table, as `ip -o` prints them with the nexthop separators ("\"
   * and tabs) and repeated spaces collapsed: "10.4.0.0/24 nexthop via 192.0.2.2 dev d0 ...".
   */
  static List<String> routes(Host host, String family, int protocol) {
    String out =
        host.execOk("ip", family, "-o", "route", "show", "table", "all", "proto", "" + protocol)
            .stdout();
    return Arrays.stream(out.split("\n"))
        .map(line -> line.replace("\\", " ").replaceAll("\\s+", " ").trim())
        .filter(line -> !line.isEmpty())
        .toList();
  }

  static int count(Host host, String family, int protocol) {
    return routes(host, family, protocol).size();
  }
}
