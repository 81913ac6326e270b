package dev.tabby.bgp.logging;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Keeps a repeated warning from flooding the log: per key (a peer and a cause), the first
 * occurrence is logged in full, then at most one line per interval, which carries the count of
 * occurrences not logged since the last one. The count is reported with the next occurrence after
 * the interval, not by a timer: when a flood stops, its last count is not logged.
 */
public final class LogRateLimiter {

  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);

  /** Beyond this many keys, those whose interval is over are forgotten (e.g. many addresses). */
  static final int MAX_KEYS = 4096;

  private final long intervalNanos;
  private final LongSupplier nanoTime;
  private final Map<String, Window> windows = new HashMap<>();

  /** A window per key: when its last line was logged, and how many occurrences were not since. */
  private static final class Window {
    long loggedAtNanos;
    long suppressed;
  }

  public LogRateLimiter() {
    this(DEFAULT_INTERVAL, System::nanoTime);
  }

  /**
   * @param nanoTime the clock, in nanoseconds like {@link System#nanoTime()}
   */
  public LogRateLimiter(Duration interval, LongSupplier nanoTime) {
    this.intervalNanos = interval.toNanos();
    this.nanoTime = nanoTime;
  }

  /**
   * Counts an occurrence of {@code key}.
   *
   * @return -1 when this occurrence is not to be logged; otherwise how many occurrences of the key
   *     were not logged since the last one that was (0 for the first)
   */
  public synchronized long admit(String key) {
    long now = nanoTime.getAsLong();
    Window window = windows.get(key);
    if (window == null) {
      if (windows.size() >= MAX_KEYS) {
        windows.values().removeIf(old -> now - old.loggedAtNanos >= intervalNanos);
      }
      window = new Window();
      window.loggedAtNanos = now;
      windows.put(key, window);
      return 0;
    }
    if (now - window.loggedAtNanos < intervalNanos) {
      window.suppressed++;
      return -1;
    }
    long suppressed = window.suppressed;
    window.suppressed = 0;
    window.loggedAtNanos = now;
    return suppressed;
  }

  synchronized int keys() {
    return windows.size();
  }

  /** The text to append to a logged line: empty for a first occurrence. */
  public static String repeats(long suppressed) {
    return suppressed == 0 ? "" : " (" + suppressed + " more like it not logged)";
  }
}
