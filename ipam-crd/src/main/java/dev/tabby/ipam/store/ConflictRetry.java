package dev.tabby.ipam.store;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a read-modify-write step again when it loses a compare-and-swap, a bounded number of times,
 * sleeping a random ("full jitter") delay that grows with each attempt so that writers who collided
 * once do not collide again in lock step.
 */
public final class ConflictRetry {
  private static final Logger log = LoggerFactory.getLogger(ConflictRetry.class);

  private final int maxAttempts;
  private final long baseDelayNanos;
  private final long maxDelayNanos;
  private final LongAdder retried = new LongAdder();

  public ConflictRetry(int maxAttempts, Duration baseDelay, Duration maxDelay) {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1");
    }
    this.maxAttempts = maxAttempts;
    this.baseDelayNanos = baseDelay.toNanos();
    this.maxDelayNanos = maxDelay.toNanos();
  }

  /** Ten attempts, delays from up to 2 ms growing to at most 100 ms. */
  public static ConflictRetry standard() {
    return new ConflictRetry(10, Duration.ofMillis(2), Duration.ofMillis(100));
  }

  /**
   * Runs {@code step}, which must re-read what it writes, until it does not throw {@link
   * ConflictException}.
   *
   * @param operation what is being done, for the give-up message
   */
  public <T> T run(String operation, Supplier<T> step) {
    for (int attempt = 1; ; attempt++) {
      try {
        return step.get();
      } catch (ConflictException e) {
        if (attempt >= maxAttempts) {
          throw new ConflictRetriesExhaustedException(operation, attempt, e);
        }
        retried.increment();
        log.debug("{}: {}; retrying (attempt {})", operation, e.getMessage(), attempt + 1);
        pause(attempt);
      }
    }
  }

  private void pause(int attempt) {
    long ceiling = Math.min(maxDelayNanos, baseDelayNanos << Math.min(attempt - 1, 20));
    long delay = ThreadLocalRandom.current().nextLong(ceiling + 1);
    try {
      Thread.sleep(delay / 1_000_000, (int) (delay % 1_000_000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting to retry", e);
    }
  }

  /** How many conflicts were retried since this instance was made. */
  public long conflictsRetried() {
    return retried.sum();
  }
}
