package dev.tabby.dataplane;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * Routes the kernel refused, each waiting for its next try: the first after the initial delay, then
 * twice as long after every further refusal, up to the maximum. Thread-safe.
 *
 * <p>A write takes time, and a link may come up while it is under way: the kernel's refusal then
 * describes the time before the link came up. So each refusal is recorded with the {@link
 * #wakeups()} count read before the write; if a {@link #makeAllDue} came since, the key is due at
 * once instead of after its backoff.
 */
final class RetryBackoff {
  private static final long IN_FLIGHT = Long.MAX_VALUE;

  private record Entry(int refusals, long dueNanos) {}

  private final long initialNanos;
  private final long maxNanos;
  private final LongSupplier clock;
  private final Map<RouteKey, Entry> waiting = new HashMap<>();
  private long wakeups;

  RetryBackoff(Duration initial, Duration max, LongSupplier nanoClock) {
    this.initialNanos = initial.toNanos();
    this.maxNanos = max.toNanos();
    this.clock = nanoClock;
  }

  /**
   * Records a refusal; returns how many times in a row the key has been refused.
   *
   * @param wakeupsBeforeWrite {@link #wakeups()} as read before the refused write was sent
   */
  synchronized int refused(RouteKey key, long wakeupsBeforeWrite) {
    Entry previous = waiting.get(key);
    int refusals = previous == null ? 1 : previous.refusals() + 1;
    long now = clock.getAsLong();
    boolean wokenSinceWrite = wakeups != wakeupsBeforeWrite;
    waiting.put(key, new Entry(refusals, wokenSinceWrite ? now : now + delayNanos(refusals)));
    return refusals;
  }

  /** How many times {@link #makeAllDue} has been called. */
  synchronized long wakeups() {
    return wakeups;
  }

  private long delayNanos(int refusals) {
    int doublings = Math.min(refusals - 1, 40);
    long delay = initialNanos << doublings;
    return delay <= 0 || delay > maxNanos ? maxNanos : delay;
  }

  /** The key was written, or needs writing no more. */
  synchronized void forget(RouteKey key) {
    waiting.remove(key);
  }

  synchronized void retainOnly(Predicate<RouteKey> keep) {
    waiting.keySet().removeIf(keep.negate());
  }

  /**
   * The keys whose time has come; they count as being tried until {@link #refused} or {@link
   * #forget} is called for them.
   */
  synchronized List<RouteKey> takeDue() {
    long now = clock.getAsLong();
    List<RouteKey> due = new ArrayList<>();
    waiting.replaceAll(
        (key, entry) -> {
          if (entry.dueNanos() - now <= 0) {
            due.add(key);
            return new Entry(entry.refusals(), IN_FLIGHT);
          }
          return entry;
        });
    return due;
  }

  /**
   * Makes every waiting key due now (something changed that may let them in), and every key being
   * written now due as soon as it is refused; false if no key is waiting.
   */
  synchronized boolean makeAllDue() {
    wakeups++;
    long now = clock.getAsLong();
    waiting.replaceAll(
        (key, entry) -> entry.dueNanos() == IN_FLIGHT ? entry : new Entry(entry.refusals(), now));
    return !waiting.isEmpty();
  }

  /** How long until the next key is due, if one is waiting and not being tried. */
  synchronized OptionalLong nanosUntilNextDue() {
    long now = clock.getAsLong();
    OptionalLong next = OptionalLong.empty();
    for (Entry entry : waiting.values()) {
      if (entry.dueNanos() != IN_FLIGHT) {
        long wait = Math.max(0, entry.dueNanos() - now);
        if (next.isEmpty() || wait < next.getAsLong()) {
          next = OptionalLong.of(wait);
        }
      }
    }
    return next;
  }

  synchronized int size() {
    return waiting.size();
  }
}
