package dev.tabby.bench.rr;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * The reflector benchmark's results as one Markdown table, with Tabby's times against the faster of
 * BIRD and FRR and its memory against BIRD's, and the notes each run left.
 */
final class ReflectorTable {

  private static final double MIB = 1024.0 * 1024.0;
  private static final String NONE = "—";

  private ReflectorTable() {}

  static String render(ClientPlan plan, List<ReflectorRun> runs) {
    StringBuilder out =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "%n%,d clients, one /26 each. Times from the first UPDATE written: every client"
                    + " holding all %,d other prefixes (announce) / holding none (withdraw);"
                    + " first, median, last client.%n%n",
                plan.clients(),
                plan.clients() - 1));
    out.append(
        "| reflector | load at start | announce: last (first / median) s | withdraw: last (first"
            + " / median) s | vs faster of BIRD, FRR (announce / withdraw)"
            + " | UPDATEs read by the clients (announce / withdraw)"
            + " | reflector CPU-s (announce / withdraw)"
            + " | simulator CPU-s, process (loop thread), announce / withdraw"
            + " | RSS MiB: sessions up / converged / steady / peak | steady RSS vs BIRD"
            + " | sessions up after (s) |\n"
            + "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (ReflectorRun run : runs) {
      out.append("| ")
          .append(
              String.join(
                  " | ",
                  run.name(),
                  run.load(),
                  times(run.announce()),
                  times(run.withdraw()),
                  speed(run, runs),
                  pair(run, r -> count(r.announce()), r -> count(r.withdraw())),
                  pair(run, r -> reflectorCpu(r.announce()), r -> reflectorCpu(r.withdraw())),
                  pair(run, r -> simulatorCpu(r.announce()), r -> simulatorCpu(r.withdraw())),
                  memory(run),
                  memoryRatio(run, runs),
                  run.establishSeconds() == null
                      ? NONE
                      : String.format(Locale.ROOT, "%.1f", run.establishSeconds())))
          .append(" |\n");
    }
    for (ReflectorRun run : runs) {
      if (run.problem() != null) {
        out.append("\n- ").append(run.name()).append(" failed: ").append(run.problem());
      }
      for (PhaseResult phase : new PhaseResult[] {run.announce(), run.withdraw()}) {
        if (phase != null) {
          out.append("\n- ").append(run.name()).append(": ").append(phase.anomalies());
        }
      }
    }
    return out.append('\n').toString();
  }

  private static String times(PhaseResult phase) {
    return phase == null
        ? NONE
        : String.format(
            Locale.ROOT,
            "%.2f (%.2f / %.2f)",
            phase.lastMillis() / 1e3,
            phase.firstMillis() / 1e3,
            phase.medianMillis() / 1e3);
  }

  /** The faster of BIRD's and FRR's last-client time divided by this run's: above 1x is faster. */
  private static String speed(ReflectorRun run, List<ReflectorRun> runs) {
    return ratio(run, runs, ReflectorRun::announce)
        + " / "
        + ratio(run, runs, ReflectorRun::withdraw);
  }

  private static String ratio(
      ReflectorRun run, List<ReflectorRun> runs, Function<ReflectorRun, PhaseResult> phase) {
    Optional<Double> fastest =
        runs.stream()
            .filter(r -> r.name().equals("BIRD") || r.name().equals("FRR"))
            .map(phase)
            .filter(p -> p != null)
            .map(PhaseResult::lastMillis)
            .min(Double::compare);
    PhaseResult mine = phase.apply(run);
    if (fastest.isEmpty() || mine == null || mine.lastMillis() <= 0) {
      return NONE;
    }
    return String.format(Locale.ROOT, "%.2fx", fastest.get() / mine.lastMillis());
  }

  private static String pair(
      ReflectorRun run,
      Function<ReflectorRun, String> first,
      Function<ReflectorRun, String> second) {
    return first.apply(run) + " / " + second.apply(run);
  }

  private static String count(PhaseResult phase) {
    return phase == null ? NONE : String.format(Locale.ROOT, "%,d", phase.updates());
  }

  private static String reflectorCpu(PhaseResult phase) {
    return phase == null
        ? NONE
        : String.format(Locale.ROOT, "%.2f", phase.reflectorCpu().toNanos() / 1e9);
  }

  private static String simulatorCpu(PhaseResult phase) {
    return phase == null
        ? NONE
        : String.format(
            Locale.ROOT,
            "%.2f (%.2f)",
            phase.simulatorCpuMillis() / 1e3,
            phase.simulatorLoopCpuMillis() / 1e3);
  }

  private static String memory(ReflectorRun run) {
    return String.join(
        " / ",
        mib(run.idleBytes()),
        mib(run.convergedBytes()),
        mib(run.steadyBytes()),
        mib(run.peakBytes()));
  }

  private static String memoryRatio(ReflectorRun run, List<ReflectorRun> runs) {
    Optional<Long> bird =
        runs.stream()
            .filter(r -> r.name().equals("BIRD"))
            .map(ReflectorRun::steadyBytes)
            .filter(b -> b != null)
            .findFirst();
    if (bird.isEmpty() || run.steadyBytes() == null) {
      return NONE;
    }
    return String.format(Locale.ROOT, "%.2fx", run.steadyBytes() / (double) bird.get());
  }

  private static String mib(Long bytes) {
    return bytes == null ? NONE : String.format(Locale.ROOT, "%.1f", bytes / MIB);
  }
}
