package dev.tabby.bench.bgp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What a process holds in memory: its resident set, and for a JVM its live heap. */
public final class ProcessMemory {

  private static final Pattern VM_RSS = Pattern.compile("VmRSS:\\s+(\\d+) kB");
  private static final Pattern VM_HWM = Pattern.compile("VmHWM:\\s+(\\d+) kB");
  private static final Pattern HISTOGRAM_TOTAL = Pattern.compile("(?m)^Total\\s+\\d+\\s+(\\d+)");

  private ProcessMemory() {}

  /** The resident set size from {@code /proc/PID/status}. */
  public static long residentBytes(long pid) {
    return statusBytes(pid, VM_RSS);
  }

  /** The largest resident set size the process has had, from {@code /proc/PID/status}. */
  public static long peakResidentBytes(long pid) {
    return statusBytes(pid, VM_HWM);
  }

  private static long statusBytes(long pid, Pattern field) {
    String status;
    try {
      status = Files.readString(Path.of("/proc", Long.toString(pid), "status"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the memory of process " + pid, e);
    }
    Matcher matcher = field.matcher(status);
    if (!matcher.find()) {
      throw new IllegalStateException("no " + field.pattern() + " in /proc/" + pid + "/status");
    }
    return Long.parseLong(matcher.group(1)) * 1024;
  }

  /**
   * The bytes of every live object, from {@code jcmd PID GC.class_histogram}: the histogram runs a
   * full GC first, so garbage is not counted.
   */
  static long liveHeapBytes(long pid) {
    String histogram = run("jcmd", Long.toString(pid), "GC.class_histogram");
    Matcher matcher = HISTOGRAM_TOTAL.matcher(histogram);
    if (!matcher.find()) {
      throw new IllegalStateException(
          "no Total line in jcmd's class histogram of process " + pid + ": " + tail(histogram));
    }
    return Long.parseLong(matcher.group(1));
  }

  private static String run(String... command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      byte[] out = process.getInputStream().readAllBytes();
      if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException(
            String.join(" ", command)
                + " failed: "
                + tail(new String(out, StandardCharsets.UTF_8)));
      }
      return new String(out, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + String.join(" ", command), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted running " + String.join(" ", command), e);
    }
  }

  private static String tail(String text) {
    return text.length() <= 500 ? text : "..." + text.substring(text.length() - 500);
  }
}
