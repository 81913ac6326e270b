package dev.tabby.ctl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * IPv4 forwarding is on in this node's network namespace, and IPv6 forwarding when a pool is IPv6
 * ({@code /proc/sys/net}, as seen from the namespace tabbyctl runs in).
 */
final class ForwardingCheck implements DiagnosticCheck {

  private static final String IPV4 = "net/ipv4/ip_forward";
  private static final String IPV6 = "net/ipv6/conf/all/forwarding";

  private final Path procSys;
  private final Supplier<ClusterSnapshot> cluster;

  ForwardingCheck(Path procSys, Supplier<ClusterSnapshot> cluster) {
    this.procSys = procSys;
    this.cluster = cluster;
  }

  @Override
  public String name() {
    return "ip-forwarding";
  }

  @Override
  public CheckOutcome run() {
    List<String> keys = new ArrayList<>(List.of(IPV4));
    if (cluster.get().podRanges().stream().anyMatch(range -> range.isIpv6())) {
      keys.add(IPV6);
    }
    List<String> off = new ArrayList<>();
    for (String key : keys) {
      String value = read(key);
      if (!"1".equals(value)) {
        off.add(key.replace('/', '.') + " is " + value);
      }
    }
    if (!off.isEmpty()) {
      return CheckOutcome.failed(
          name(),
          "forwarding off: " + String.join("; ", off),
          "sysctl -w "
              + String.join(" ", off.stream().map(o -> o.split(" ")[0] + "=1").toList())
              + ", and make it last in /etc/sysctl.d/ (something on this host turned it off)");
    }
    return CheckOutcome.ok(
        name(), String.join(", ", keys.stream().map(k -> k.replace('/', '.') + "=1").toList()));
  }

  private String read(String key) {
    Path file = procSys.resolve(key);
    try {
      return Files.readString(file).strip();
    } catch (IOException e) {
      throw new CtlException("cannot read " + file + ": " + e.getMessage());
    }
  }
}
