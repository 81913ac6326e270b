package dev.tabby.bench.convergence;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * One cluster size's figures, printed as Markdown tables.
 *
 * @param nodes the cluster's size while a new node's block is timed
 * @param resident each agent's RSS in bytes, taken after the first round's routes converged
 * @param javaOptions the agents' JVM options
 * @param loadBefore the machine's load averages when the run started
 * @param loadAfter and when it ended
 */
record ConvergenceResult(
    int nodes,
    List<ClaimSample> claims,
    List<DeathSample> deaths,
    List<Long> resident,
    String javaOptions,
    String loadBefore,
    String loadAfter) {

  private static final double MIB = 1024 * 1024;

  void print(PrintStream out) {
    out.printf(
        "%n### %d nodes, mesh (load average %s at the start, %s at the end)%n%n",
        nodes, loadBefore, loadAfter);
    List<List<String>> claimRows = new ArrayList<>();
    for (ClaimSample claim : claims) {
      Spread routes = claim.routes();
      claimRows.add(
          List.of(
              claim.claim().block(),
              claim.toOrigination().map(Spread::millis).orElse("not logged"),
              first(routes),
              median(routes),
              last(routes),
              routes.complete() ? Spread.millis(claim.fromAddToLast()) : "—",
              cores(claim.idleCores())));
    }
    table(
        out,
        List.of(
            "new node's first block",
            "claim → announced",
            "claim → first node",
            "→ median node",
            "→ last node",
            "CNI ADD start → last node",
            "agents' CPU before"),
        claimRows);
    List<List<String>> deathRows = new ArrayList<>();
    for (DeathSample death : deaths) {
      Spread removals = death.removals();
      deathRows.add(
          List.of(
              death.death().label(),
              first(removals),
              median(removals),
              last(removals),
              cores(death.idleCores())));
    }
    table(
        out,
        List.of(
            "node leaving",
            "→ first node without its route",
            "→ median node",
            "→ last node",
            "agents' CPU before"),
        deathRows);
    List<Long> sorted = resident.stream().sorted().toList();
    out.printf(
        "Agent RSS over %d agents: median %.0f MiB, max %.0f MiB (JVM options: %s)%n",
        sorted.size(),
        sorted.get((sorted.size() - 1) / 2) / MIB,
        sorted.get(sorted.size() - 1) / MIB,
        javaOptions);
  }

  /** A Markdown table: the first column left-aligned, the figures right-aligned. */
  private static void table(PrintStream out, List<String> header, List<List<String>> rows) {
    out.println("| " + String.join(" | ", header) + " |");
    out.println("|---" + "|---:".repeat(header.size() - 1) + "|");
    rows.forEach(row -> out.println("| " + String.join(" | ", row) + " |"));
    out.println();
  }

  private static String cores(double cores) {
    return String.format("%.2f cores", cores);
  }

  private static String first(Spread spread) {
    return spread.sorted().isEmpty() ? "none" : Spread.millis(spread.first());
  }

  private static String median(Spread spread) {
    return spread.sorted().isEmpty() ? "none" : Spread.millis(spread.median());
  }

  /** The last node's delay, or how many nodes saw the event when not all did. */
  private static String last(Spread spread) {
    return spread.complete()
        ? Spread.millis(spread.last())
        : "only " + spread.sorted().size() + " of " + spread.expected() + " nodes";
  }
}
