package dev.tabby.testbench;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Waits for a condition with a deadline instead of sleeping and hoping.
 *
 * <pre>{@code
 * List<LearnedRoute> routes = Wait.until("10.1.0.0/24 at frr", Duration.ofSeconds(10),
 *     frr::routes, rs -> rs.stream().anyMatch(r -> r.prefix().equals("10.1.0.0/24")));
 * }</pre>
 *
 * <p>On timeout it throws an {@link AssertionError} naming what was expected and the last value
 * seen, so a failing test says why it failed. A runtime exception thrown by the observer (a daemon
 * not listening yet) counts as "not yet" and is reported as the last value seen; an {@link
 * AssertionError} thrown by the observer ends the wait at once (nothing left to wait for, e.g. the
 * daemon died).
 */
public final class Wait {

  private static final Duration FIRST_PAUSE = Duration.ofMillis(50);
  private static final Duration MAX_PAUSE = Duration.ofMillis(500);

  private Wait() {}

  /**
   * Observes until {@code done} accepts the observed value and returns that value.
   *
   * @param expectation what is awaited, as it should read in "waiting for ..."
   * @throws AssertionError when the timeout passes first
   */
  public static <T> T until(
      String expectation, Duration timeout, Supplier<T> observe, Predicate<? super T> done) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Duration pause = FIRST_PAUSE;
    Object lastSeen = "nothing observed yet";
    while (true) {
      try {
        T value = observe.get();
        if (done.test(value)) {
          return value;
        }
        lastSeen = value;
      } catch (RuntimeException e) {
        lastSeen = "error: " + e.getMessage();
      }
      long remaining = deadline - System.nanoTime();
      if (remaining <= 0) {
        throw new AssertionError(
            "timed out after "
                + formatted(timeout)
                + " waiting for "
                + expectation
                + "; last seen: "
                + lastSeen);
      }
      sleep(Math.min(pause.toNanos(), remaining));
      pause = pause.multipliedBy(2).compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : pause.multipliedBy(2);
    }
  }

  /** Waits until {@code condition} holds; for conditions with nothing worth reporting. */
  public static void until(String expectation, Duration timeout, Supplier<Boolean> condition) {
    until(expectation, timeout, condition, Boolean::booleanValue);
  }

  private static String formatted(Duration timeout) {
    return timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + "s" : timeout.toMillis() + "ms";
  }

  private static void sleep(long nanos) {
    try {
      Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting", e);
    }
  }
}
