package dev.tabby.ctl;

import dev.tabby.net.IpAddress;
import dev.tabby.net.IpPrefix;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * No firewall rule of this node drops or rejects traffic to or from the pod range (the IPPools'
 * CIDRs). It reads {@code nft list ruleset} and {@code iptables-save}, each if installed, and says
 * which it read; with neither installed the check is skipped.
 */
final class FirewallCheck implements DiagnosticCheck {

  /** A tool, its arguments, and which of its lines are rules that drop or reject. */
  private record Tool(String name, List<String> arguments, Predicate<String> drops) {}

  private static final List<Tool> TOOLS =
      List.of(
          new Tool(
              "nft",
              List.of("list", "ruleset"),
              line -> line.matches(".*\\b(drop|reject)\\b.*") && !line.contains("policy")),
          new Tool(
              "iptables-save",
              List.of(),
              line ->
                  line.startsWith("-A ")
                      && (line.contains("-j DROP") || line.contains("-j REJECT"))));

  private final Supplier<ClusterSnapshot> cluster;
  private final HostTools tools;

  FirewallCheck(Supplier<ClusterSnapshot> cluster, HostTools tools) {
    this.cluster = cluster;
    this.tools = tools;
  }

  @Override
  public String name() {
    return "firewall";
  }

  @Override
  public CheckOutcome run() {
    List<IpPrefix> podRanges = cluster.get().podRanges();
    List<String> read = new ArrayList<>();
    List<String> offending = new ArrayList<>();
    for (Tool tool : TOOLS) {
      List<String> command = new ArrayList<>(List.of(tool.name()));
      command.addAll(tool.arguments());
      Optional<String> output = tools.run(tool.name(), tool.arguments().toArray(String[]::new));
      if (output.isEmpty()) {
        read.add(tool.name() + ": skipped, not installed");
        continue;
      }
      read.add(String.join(" ", command) + ": read");
      for (String line : output.get().lines().map(String::strip).toList()) {
        if (tool.drops().test(line) && touches(line, podRanges)) {
          offending.add(tool.name() + ": " + line);
        }
      }
    }
    String tried = String.join("; ", read);
    if (!offending.isEmpty()) {
      return CheckOutcome.failed(
          name(),
          "a rule drops pod traffic (pod range "
              + podRanges
              + "): "
              + String.join("; ", offending)
              + " ("
              + tried
              + ")",
          "delete the rule (iptables -D CHAIN ..., nft delete rule ...) or allow the pod range in"
              + " the host firewall (firewalld, ufw); pods reach each other as plain routed IP");
    }
    if (read.stream().allMatch(entry -> entry.endsWith("not installed"))) {
      return CheckOutcome.skipped(name(), tried);
    }
    return CheckOutcome.ok(name(), "no rule drops the pod range " + podRanges + " (" + tried + ")");
  }

  /**
   * Whether a rule names an address or prefix inside or around a pod range, not negated ({@code !=}
   * in nft, {@code !} in iptables).
   */
  static boolean touches(String rule, List<IpPrefix> podRanges) {
    String[] tokens = rule.replaceAll("[{},]", " ").strip().split("\\s+");
    for (int i = 0; i < tokens.length; i++) {
      if (negated(tokens, i)) {
        continue;
      }
      Optional<IpPrefix> prefix = prefix(tokens[i]);
      if (prefix.isPresent()
          && podRanges.stream().anyMatch(range -> range.overlaps(prefix.get()))) {
        return true;
      }
    }
    return false;
  }

  private static boolean negated(String[] tokens, int i) {
    return (i >= 1 && (tokens[i - 1].equals("!=") || tokens[i - 1].equals("!")))
        || (i >= 2 && tokens[i - 2].equals("!"));
  }

  private static Optional<IpPrefix> prefix(String token) {
    if (!token.matches("[0-9a-fA-F:.]+(/\\d{1,3})?") || !token.matches(".*[.:].*")) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          token.contains("/")
              ? IpPrefix.parseAndMask(token)
              : IpPrefix.host(IpAddress.parse(token)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
