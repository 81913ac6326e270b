package dev.tabby.bgp.session;

import java.time.Duration;
import java.util.PriorityQueue;

/** A scheduler whose clock only moves when a test advances it. */
final class ManualScheduler implements Scheduler {

  private record Task(long dueNanos, long order, Runnable action, boolean[] cancelled)
      implements Comparable<Task> {
    @Override
    public int compareTo(Task other) {
      int byTime = Long.compare(dueNanos, other.dueNanos);
      return byTime != 0 ? byTime : Long.compare(order, other.order);
    }
  }

  private final PriorityQueue<Task> tasks = new PriorityQueue<>();
  private long now;
  private long order;

  @Override
  public long nanoTime() {
    return now;
  }

  @Override
  public Cancellable schedule(Duration delay, Runnable task) {
    boolean[] cancelled = {false};
    tasks.add(new Task(now + delay.toNanos(), order++, task, cancelled));
    return () -> cancelled[0] = true;
  }

  /** Moves the clock forward, running every task that falls due on the way, in order. */
  void advance(Duration duration) {
    long until = now + duration.toNanos();
    while (!tasks.isEmpty() && tasks.peek().dueNanos() <= until) {
      Task task = tasks.poll();
      now = task.dueNanos();
      if (!task.cancelled()[0]) {
        task.action().run();
      }
    }
    now = until;
  }
}
