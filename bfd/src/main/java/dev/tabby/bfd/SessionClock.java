package dev.tabby.bfd;

/**
 * Time as a session sees it: a monotonic clock and one-shot timers that run on the session's
 * thread. {@link BfdSessions} implements it with one scheduled thread; tests drive a manual clock.
 */
public interface SessionClock {

  /** Monotonic nanoseconds, only meaningful as differences. */
  long nanoTime();

  /** Runs {@code task} once after {@code delayNanos}, on the session's thread. */
  Timer schedule(long delayNanos, Runnable task);

  /** A scheduled task that can be called off. */
  interface Timer {
    /** Calls it off; no effect if it already ran. */
    void cancel();
  }
}
