package dev.tabby.bfd;

import java.time.Duration;
import java.util.PriorityQueue;

/** A clock that moves only when a test advances it, running due timers in order. */
final class ManualClock implements SessionClock {
  private record Task(long at, long order, Runnable run, boolean[] cancelled)
      implements Comparable<Task> {
    @Override
    public int compareTo(Task other) {
      int byTime = Long.compare(at, other.at);
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
  public Timer schedule(long delayNanos, Runnable task) {
    boolean[] cancelled = new boolean[1];
    tasks.add(new Task(now + delayNanos, order++, task, cancelled));
    return () -> cancelled[0] = true;
  }

  void advance(Duration duration) {
    long until = now + duration.toNanos();
    while (!tasks.isEmpty() && tasks.peek().at() <= until) {
      Task task = tasks.poll();
      now = task.at();
      if (!task.cancelled()[0]) {
        task.run().run();
      }
    }
    now = until;
  }
}
