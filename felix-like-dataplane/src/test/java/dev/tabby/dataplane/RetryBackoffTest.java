package dev.tabby.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabby.net.IpPrefix;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RetryBackoffTest {
  private final AtomicLong now = new AtomicLong();
  private final RetryBackoff backoff =
      new RetryBackoff(Duration.ofNanos(100), Duration.ofNanos(350), now::get);
  private final RouteKey key = new RouteKey(IpPrefix.parse("10.0.0.0/24"), 254, 0);

  /** A refusal of a write sent with no wakeup since. */
  private int refusedByAWriteNow() {
    return backoff.refused(key, backoff.wakeups());
  }

  @Test
  void eachRefusalDoublesTheWaitUpToTheMaximum() {
    assertThat(refusedByAWriteNow()).isEqualTo(1);
    assertThat(backoff.nanosUntilNextDue()).hasValue(100);
    assertThat(refusedByAWriteNow()).isEqualTo(2);
    assertThat(backoff.nanosUntilNextDue()).hasValue(200);
    refusedByAWriteNow();
    assertThat(backoff.nanosUntilNextDue()).hasValue(350);
  }

  @Test
  void aKeyIsDueOnceItsTimeComesAndIsNotDueAgainWhileBeingTried() {
    refusedByAWriteNow();
    now.set(99);
    assertThat(backoff.takeDue()).isEmpty();
    now.set(100);
    assertThat(backoff.takeDue()).containsExactly(key);
    assertThat(backoff.takeDue()).isEmpty();
    assertThat(backoff.nanosUntilNextDue()).isEmpty();
    assertThat(refusedByAWriteNow()).isEqualTo(2);
    assertThat(backoff.nanosUntilNextDue()).hasValue(200);
  }

  @Test
  void makeAllDueAndForget() {
    assertThat(backoff.makeAllDue()).isFalse();
    refusedByAWriteNow();
    assertThat(backoff.makeAllDue()).isTrue();
    assertThat(backoff.takeDue()).containsExactly(key);
    backoff.forget(key);
    assertThat(backoff.size()).isZero();
  }

  @Test
  void aKeyRefusedByAWriteSentBeforeAWakeupIsDueAtOnceAndThenBacksOffAsBefore() {
    long wakeupsBeforeWrite = backoff.wakeups();
    assertThat(backoff.makeAllDue()).as("nothing waiting yet: the key is being written").isFalse();
    assertThat(backoff.refused(key, wakeupsBeforeWrite)).isEqualTo(1);
    assertThat(backoff.nanosUntilNextDue()).hasValue(0);
    assertThat(backoff.takeDue()).containsExactly(key);
    assertThat(refusedByAWriteNow()).isEqualTo(2);
    assertThat(backoff.nanosUntilNextDue()).hasValue(200);
  }
}
