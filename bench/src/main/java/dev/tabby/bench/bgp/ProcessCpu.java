package dev.tabby.bench.bgp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The CPU time a process has used so far, all its threads, user and kernel, from {@code
 * /proc/PID/stat}. With two daemons sharing two cores, it says how much of the machine each one
 * took during a transfer, and how fast a daemon could go with a core to itself.
 */
public final class ProcessCpu {

  /** The kernel's clock tick (USER_HZ), in which {@code /proc} counts CPU time. */
  private static final long NANOS_PER_TICK = 10_000_000;

  /** utime and stime are fields 14 and 15; counted after the ")" that ends field 2, the name. */
  private static final int UTIME_AFTER_NAME = 11;

  private ProcessCpu() {}

  /** The process's CPU time, or null when it has exited (its time is then lost with it). */
  public static Duration used(long pid) {
    String stat;
    try {
      stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    } catch (IOException e) {
      return null;
    }
    // The name may hold spaces and parentheses; the fields after its last ")" are plain numbers.
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    long ticks =
        Long.parseLong(fields[UTIME_AFTER_NAME]) + Long.parseLong(fields[UTIME_AFTER_NAME + 1]);
    return Duration.ofNanos(ticks * NANOS_PER_TICK);
  }
}
