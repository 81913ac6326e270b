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

  @Test
  void eachRefusalDoublesTheWaitUpToTheMaximum() {
    assertThat(backoff.refused(key)).isEqualTo(1);
    assertThat(backoff.nanosUntilNextDue()).hasValue(100);
    assertThat(backoff.refused(key)).isEqualTo(2);
    assertThat(backoff.nanosUntilNextDue()).hasValue(200);
    backoff.refused(key);
    assertThat(backoff.nanosUntilNextDue()).hasValue(350);
  }

  @Test
  void aKeyIsDueOnceItsTimeComesAndIsNotDueAgainWhileBeingTried() {
    backoff.refused(key);
    now.set(99);
    assertThat(backoff.takeDue()).isEmpty();
    now.set(100);
    assertThat(backoff.takeDue()).containsExactly(key);
    assertThat(backoff.takeDue()).isEmpty();
    assertThat(backoff.nanosUntilNextDue()).isEmpty();
    assertThat(backoff.refused(key)).isEqualTo(2);
    assertThat(backoff.nanosUntilNextDue()).hasValue(200);
  }

  @Test
  void makeAllDueAndForget() {
    assertThat(backoff.makeAllDue()).isFalse();
    backoff.refused(key);
    assertThat(backoff.makeAllDue()).isTrue();
    assertThat(backoff.takeDue()).containsExactly(key);
    backoff.forget(key);
    assertThat(backoff.size()).isZero();
  }
}
