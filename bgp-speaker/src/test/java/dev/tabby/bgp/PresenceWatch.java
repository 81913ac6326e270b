package dev.tabby.bgp;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * Polls a condition (a route is present) as fast as it answers, on a thread of its own, counting
 * the polls where it did not hold: what a graceful restart test asserts is zero.
 */
final class PresenceWatch implements AutoCloseable {
  private final BooleanSupplier condition;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Thread thread;
  private volatile int polls;
  private volatile int misses;

  private PresenceWatch(BooleanSupplier condition) {
    this.condition = condition;
    this.thread = new Thread(this::run, "presence-watch");
  }

  static PresenceWatch start(BooleanSupplier condition) {
    PresenceWatch watch = new PresenceWatch(condition);
    watch.thread.start();
    return watch;
  }

  private void run() {
    while (running.get()) {
      boolean held = condition.getAsBoolean();
      polls++;
      if (!held) {
        misses++;
      }
    }
  }

  /** Polls made so far. */
  int polls() {
    return polls;
  }

  /** Polls that found the condition false. */
  int misses() {
    return misses;
  }

  /** Stops polling and waits for the poll under way. */
  @Override
  public void close() {
    running.set(false);
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
