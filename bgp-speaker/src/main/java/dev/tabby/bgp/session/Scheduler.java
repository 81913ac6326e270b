package dev.tabby.bgp.session;

import java.time.Duration;

/**
 * Time as the session state machine sees it: a monotonic clock and one-shot timers. Netty's event
 * loop implements it in production; tests drive a manual clock so no test waits for real time.
 */
public interface Scheduler {

  /** Monotonic nanoseconds, only meaningful as differences. */
  long nanoTime();

  /** Runs {@code task} once after {@code delay}, on the session's thread. */
  Cancellable schedule(Duration delay, Runnable task);
}
