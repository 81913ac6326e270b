package dev.tabby.bfd;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** The production clock: System.nanoTime and one scheduled thread that runs every session. */
final class ExecutorClock implements SessionClock {
  private final ScheduledExecutorService executor;

  ExecutorClock(ScheduledExecutorService executor) {
    this.executor = executor;
  }

  @Override
  public long nanoTime() {
    return System.nanoTime();
  }

  @Override
  public Timer schedule(long delayNanos, Runnable task) {
    ScheduledFuture<?> future = executor.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
    return () -> future.cancel(false);
  }
}
