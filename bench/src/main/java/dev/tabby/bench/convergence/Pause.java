package dev.tabby.bench.convergence;

import java.time.Duration;

/** The benchmark's waits between observations; an interrupt ends the run. */
final class Pause {

  private Pause() {}

  static void of(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting", e);
    }
  }
}
