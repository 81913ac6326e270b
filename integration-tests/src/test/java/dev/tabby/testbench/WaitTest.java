package dev.tabby.testbench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WaitTest {

  @Test
  void returnsTheFirstValueThatSatisfiesTheCondition() {
    AtomicInteger counter = new AtomicInteger();

    int seen =
        Wait.until(
            "counter reaches 3", Duration.ofSeconds(30), counter::incrementAndGet, n -> n >= 3);

    assertThat(seen).isEqualTo(3);
  }

  @Test
  void timeoutNamesTheExpectationAndTheLastValueSeen() {
    assertThatThrownBy(
            () -> Wait.until("the answer", Duration.ofMillis(100), () -> 41, n -> n == 42))
        .isInstanceOf(AssertionError.class)
        .hasMessage("timed out after 100ms waiting for the answer; last seen: 41");
  }

  @Test
  void anObserverErrorCountsAsNotYetAndIsReported() {
    AtomicInteger calls = new AtomicInteger();

    String value =
        Wait.until(
            "the daemon to answer",
            Duration.ofSeconds(30),
            () -> {
              if (calls.incrementAndGet() < 3) {
                throw new IllegalStateException("connection refused");
              }
              return "up";
            },
            "up"::equals);

    assertThat(value).isEqualTo("up");
    assertThatThrownBy(
            () ->
                Wait.until(
                    "the daemon to answer",
                    Duration.ofMillis(50),
                    () -> {
                      throw new IllegalStateException("connection refused");
                    },
                    x -> true))
        .hasMessageEndingWith("last seen: error: connection refused");
  }

  @Test
  void anAssertionErrorFromTheObserverEndsTheWaitAtOnce() {
    assertThatThrownBy(
            () ->
                Wait.until(
                    "a dead daemon to answer",
                    Duration.ofHours(1),
                    () -> {
                      throw new AssertionError("bird has exited");
                    },
                    x -> true))
        .isInstanceOf(AssertionError.class)
        .hasMessage("bird has exited");
  }
}
