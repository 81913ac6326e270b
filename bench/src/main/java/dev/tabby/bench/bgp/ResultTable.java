package dev.tabby.bench.bgp;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The benchmark's results as Markdown tables, with ratios against BIRD's row. */
final class ResultTable {

  private static final double MB = 1024.0 * 1024.0;
  private static final String NONE = "—";

  private ResultTable() {}

  static String receiving(List<Measured> runs) {
    Optional<Measured> bird = reference(runs);
    StringBuilder out =
        new StringBuilder(
            "| receiver | first→last prefix (s) | prefixes/s | speed vs BIRD | RSS idle (MB)"
                + " | RSS after (MB) | RSS bytes/route above idle | vs BIRD"
                + " | live heap after full GC, idle → after (MB) | heap bytes/route |\n"
                + "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Measured run : runs) {
      out.append(
          row(
              run.daemon(),
              seconds(run),
              rate(run),
              speedRatio(run, bird),
              run.idle() == null ? NONE : megabytes(run.idle().residentBytes()),
              residentAfter(run),
              number(run.residentBytesPerRoute(), "%.0f"),
              memoryRatio(run, bird),
              heap(run),
              number(run.heapBytesPerRoute(), "%.0f")));
    }
    return out.append(problems(runs)).toString();
  }

  static String sending(List<Measured> runs) {
    Optional<Measured> bird = reference(runs);
    StringBuilder out =
        new StringBuilder(
            "| sender (to a BIRD receiver) | first→last prefix (s) | prefixes/s | speed vs BIRD"
                + " | sender RSS after (MB) | sender live heap after full GC (MB) |\n"
                + "|---|---:|---:|---:|---:|---:|\n");
    for (Measured run : runs) {
      out.append(
          row(
              run.daemon(),
              seconds(run),
              rate(run),
              speedRatio(run, bird),
              residentAfter(run),
              run.after() == null || run.after().liveHeapBytes() == null
                  ? NONE
                  : megabytes(run.after().liveHeapBytes())));
    }
    return out.append(problems(runs)).toString();
  }

  /** One Markdown table row. */
  private static String row(String... cells) {
    return "| " + String.join(" | ", cells) + " |\n";
  }

  private static String residentAfter(Measured run) {
    return run.after() == null ? NONE : megabytes(run.after().residentBytes());
  }

  private static Optional<Measured> reference(List<Measured> runs) {
    return runs.stream().filter(run -> run.daemon().equals("BIRD")).findFirst();
  }

  private static String seconds(Measured run) {
    if (!run.complete()) {
      return "did not finish";
    }
    return run.transfer().measurable()
        ? String.format(Locale.ROOT, "%.2f", run.transfer().firstToLast().toNanos() / 1e9)
        : "within one poll";
  }

  private static String rate(Measured run) {
    return run.measurable()
        ? String.format(Locale.ROOT, "%,.0f", run.transfer().prefixesPerSecond())
        : NONE;
  }

  private static String speedRatio(Measured run, Optional<Measured> bird) {
    if (!run.measurable() || bird.isEmpty() || !bird.get().measurable()) {
      return NONE;
    }
    return ratio(run.transfer().prefixesPerSecond() / bird.get().transfer().prefixesPerSecond());
  }

  private static String memoryRatio(Measured run, Optional<Measured> bird) {
    Double mine = run.residentBytesPerRoute();
    Double theirs = bird.map(Measured::residentBytesPerRoute).orElse(null);
    return mine == null || theirs == null || theirs <= 0 ? NONE : ratio(mine / theirs);
  }

  private static String heap(Measured run) {
    if (run.idle() == null
        || run.after() == null
        || run.idle().liveHeapBytes() == null
        || run.after().liveHeapBytes() == null) {
      return NONE;
    }
    return megabytes(run.idle().liveHeapBytes()) + " → " + megabytes(run.after().liveHeapBytes());
  }

  private static String problems(List<Measured> runs) {
    StringBuilder out = new StringBuilder();
    for (Measured run : runs) {
      if (run.problem() != null) {
        out.append("\n- ").append(run.daemon()).append(": ").append(run.problem());
        if (run.transfer() != null) {
          out.append(" (reached ")
              .append(run.transfer().reached())
              .append(" of ")
              .append(run.transfer().target())
              .append(")");
        }
      }
    }
    for (Measured run : runs) {
      if (run.transfer() != null) {
        out.append(
            String.format(
                Locale.ROOT,
                "%n- %s: slowest count query once prefixes flowed %.0f ms",
                run.daemon(),
                run.transfer().slowestPoll().toNanos() / 1e6));
      }
    }
    return out.append("\n").toString();
  }

  private static String megabytes(long bytes) {
    return String.format(Locale.ROOT, "%.1f", bytes / MB);
  }

  private static String number(Double value, String format) {
    return value == null ? NONE : String.format(Locale.ROOT, format, value);
  }

  private static String ratio(double value) {
    return String.format(Locale.ROOT, "%.2fx", value);
  }
}
