package dev.tabby.bench.bgp;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/** The benchmark's results as Markdown tables, with ratios against BIRD's row. */
final class ResultTable {

  private static final double MB = 1024.0 * 1024.0;
  private static final String NONE = "—";

  private ResultTable() {}

  /** The receivers' table, one row per receiver, for runs from one sender. */
  static String receiving(List<Measured> runs) {
    Optional<Measured> bird = reference(runs, Measured::receiver);
    StringBuilder out =
        new StringBuilder(
            "| receiver | first UPDATE bytes→last prefix (s) | prefixes/s | speed vs BIRD"
                + " | sender start→first UPDATE bytes (s)"
                + " | receiver's first count | its first count→last prefix (s)"
                + " | CPU s while sending, receiver / sender | prefixes per receiver CPU-s"
                + " | RSS idle (MB)"
                + " | RSS after (MB) | RSS bytes/route above idle | vs BIRD"
                + " | live heap after full GC, idle → after (MB) | heap bytes/route |\n"
                + "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Measured run : runs) {
      out.append(
          row(
              run.receiver(),
              seconds(run),
              rate(run),
              speedRatio(run, bird),
              senderStartUp(run),
              run.complete()
                  ? String.format(Locale.ROOT, "%,d", run.transfer().firstCount())
                  : NONE,
              run.complete() ? secondsOf(run.transfer().firstCountToLast()) : NONE,
              cpu(run),
              perCpuSecond(run, Transfer::receiverCpu),
              run.idle() == null ? NONE : megabytes(run.idle().residentBytes()),
              residentAfter(run),
              number(run.residentBytesPerRoute(), "%.0f"),
              memoryRatio(run, bird),
              heap(run),
              number(run.heapBytesPerRoute(), "%.0f")));
    }
    return out.append(problems(runs, Measured::receiver)).toString();
  }

  /**
   * The senders' table, one row per sender, for runs into one receiver. Prefixes per sender
   * CPU-second is how fast the sender could go with a core to itself, not sharing the machine's two
   * with the receiver.
   */
  static String sending(List<Measured> runs) {
    Optional<Measured> bird = reference(runs, Measured::sender);
    StringBuilder out =
        new StringBuilder(
            "| sender (to a BIRD receiver) | first UPDATE bytes→last prefix (s) | prefixes/s"
                + " | speed vs BIRD | sender start→first UPDATE bytes (s)"
                + " | CPU s while sending, receiver / sender | prefixes per sender CPU-s"
                + " | sender RSS after (MB) | sender live heap after full GC (MB) |\n"
                + "|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Measured run : runs) {
      Memory after = run.senderAfter();
      out.append(
          row(
              run.sender(),
              seconds(run),
              rate(run),
              speedRatio(run, bird),
              senderStartUp(run),
              cpu(run),
              perCpuSecond(run, Transfer::senderCpu),
              after == null ? NONE : megabytes(after.residentBytes()),
              after == null || after.liveHeapBytes() == null
                  ? NONE
                  : megabytes(after.liveHeapBytes())));
    }
    return out.append(problems(runs, Measured::sender)).toString();
  }

  /** One Markdown table row. */
  private static String row(String... cells) {
    return "| " + String.join(" | ", cells) + " |\n";
  }

  /** The sender's own start-up, which the clock leaves out. */
  private static String senderStartUp(Measured run) {
    return run.complete() ? secondsOf(run.transfer().startToFirstBytes()) : NONE;
  }

  private static String residentAfter(Measured run) {
    return run.after() == null ? NONE : megabytes(run.after().residentBytes());
  }

  /** The run whose daemon, the receiver or the sender as {@code role} says, is BIRD. */
  private static Optional<Measured> reference(
      List<Measured> runs, Function<Measured, String> role) {
    return runs.stream().filter(run -> role.apply(run).equals("BIRD")).findFirst();
  }

  private static String cpu(Measured run) {
    if (!run.complete()
        || run.transfer().receiverCpu() == null
        || run.transfer().senderCpu() == null) {
      return NONE;
    }
    return secondsOf(run.transfer().receiverCpu()) + " / " + secondsOf(run.transfer().senderCpu());
  }

  /**
   * Prefixes per CPU-second of the daemon that {@code cpu} picks: how fast it could go with a core
   * to itself, and how much work it is, on a machine shared by both daemons and other load.
   */
  private static String perCpuSecond(Measured run, Function<Transfer, Duration> cpu) {
    Duration used = run.complete() ? cpu.apply(run.transfer()) : null;
    return used == null || used.isZero()
        ? NONE
        : String.format(Locale.ROOT, "%,.0f", run.transfer().target() / (used.toNanos() / 1e9));
  }

  private static String secondsOf(Duration duration) {
    return String.format(Locale.ROOT, "%.2f", duration.toNanos() / 1e9);
  }

  private static String seconds(Measured run) {
    return run.complete() ? secondsOf(run.transfer().firstToLast()) : "did not finish";
  }

  private static String rate(Measured run) {
    return run.complete()
        ? String.format(Locale.ROOT, "%,.0f", run.transfer().prefixesPerSecond())
        : NONE;
  }

  private static String speedRatio(Measured run, Optional<Measured> bird) {
    if (!run.complete() || bird.isEmpty() || !bird.get().complete()) {
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

  /** Failures and each run's resolution, naming the runs by {@code role}. */
  private static String problems(List<Measured> runs, Function<Measured, String> role) {
    StringBuilder out = new StringBuilder();
    for (Measured run : runs) {
      if (run.problem() != null) {
        out.append("\n- ").append(role.apply(run)).append(": ").append(run.problem());
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
      if (run.complete()) {
        out.append(
            String.format(
                Locale.ROOT,
                "%n- %s: slowest poll query (socket, then count) once UPDATE bytes flowed %.0f ms;"
                    + " %.1f %% of the session's bytes were in at the first poll that saw them%s",
                role.apply(run),
                run.transfer().slowestPoll().toNanos() / 1e6,
                run.transfer().shareBeforeClock() * 100,
                run.transfer().clockFromSender()
                    ? "; the clock started when the sender began writing its UPDATEs"
                    : ", which started the clock"));
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
