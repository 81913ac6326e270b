package dev.tabby.bench.rr;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One timed phase as the simulator saw it (when the first, the median and the last client got
 * there, the UPDATEs they read, its own CPU) and the reflector's CPU over the same phase.
 */
record PhaseResult(
    double firstMillis,
    double medianMillis,
    double lastMillis,
    long updates,
    double simulatorCpuMillis,
    double simulatorLoopCpuMillis,
    Duration reflectorCpu,
    String anomalies) {

  /** The simulator's {@code event=phase-done} line for {@code phase}. */
  static Pattern line(Tally.Phase phase) {
    return Pattern.compile(
        "event=phase-done phase="
            + phase.name().toLowerCase(java.util.Locale.ROOT)
            + " clients=\\d+ first-ms=([\\d.]+) median-ms=([\\d.]+) last-ms=([\\d.]+)"
            + " updates=(\\d+) (unexpected-prefixes=.*) cpu-ms=([\\d.]+)"
            + " loop-cpu-ms=([\\d.]+)");
  }

  static PhaseResult of(Matcher line, Duration reflectorCpu) {
    return new PhaseResult(
        Double.parseDouble(line.group(1)),
        Double.parseDouble(line.group(2)),
        Double.parseDouble(line.group(3)),
        Long.parseLong(line.group(4)),
        Double.parseDouble(line.group(6)),
        Double.parseDouble(line.group(7)),
        reflectorCpu,
        line.group(5));
  }
}
