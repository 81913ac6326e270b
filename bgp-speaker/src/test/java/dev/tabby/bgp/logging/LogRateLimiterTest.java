package dev.tabby.bgp.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LogRateLimiterTest {

  private static final Duration INTERVAL = Duration.ofSeconds(10);

  private long now = 1_000;
  private final LogRateLimiter limiter = new LogRateLimiter(INTERVAL, () -> now);

  @Test
  void theFirstOccurrenceIsLoggedThenACountOncePerInterval() {
    assertThat(limiter.admit("10.0.0.2 malformed ORIGIN")).isZero();
    for (int i = 0; i < 5; i++) {
      now += Duration.ofSeconds(1).toNanos();
      assertThat(limiter.admit("10.0.0.2 malformed ORIGIN")).isEqualTo(-1);
    }

    now += Duration.ofSeconds(5).toNanos(); // 10 s after the first
    assertThat(limiter.admit("10.0.0.2 malformed ORIGIN")).isEqualTo(5);

    now += Duration.ofSeconds(9).toNanos();
    assertThat(limiter.admit("10.0.0.2 malformed ORIGIN")).isEqualTo(-1);
    now += Duration.ofSeconds(1).toNanos();
    assertThat(limiter.admit("10.0.0.2 malformed ORIGIN")).isEqualTo(1);
  }

  @Test
  void eachKeyHasItsOwnWindow() {
    assertThat(limiter.admit("10.0.0.2 malformed ORIGIN")).isZero();
    assertThat(limiter.admit("10.0.0.3 malformed ORIGIN")).isZero();
    assertThat(limiter.admit("10.0.0.2 missing NEXT_HOP")).isZero();
    assertThat(limiter.admit("10.0.0.2 malformed ORIGIN")).isEqualTo(-1);
  }

  @Test
  void aQuietKeyIsLoggedInFullAgainAfterTheInterval() {
    limiter.admit("k");
    now += INTERVAL.toNanos();

    assertThat(limiter.admit("k")).isZero();
  }

  @Test
  void manyKeysDoNotGrowWithoutBound() {
    for (int i = 0; i < 10_000; i++) {
      limiter.admit("address " + i);
      now += INTERVAL.toNanos() / 1000;
    }
    // Keys whose interval was over were forgotten once there were too many.
    assertThat(limiter.keys()).isLessThanOrEqualTo(LogRateLimiter.MAX_KEYS);
  }

  @Test
  void repeatsSaysHowManyWereNotLogged() {
    assertThat(LogRateLimiter.repeats(0)).isEmpty();
    assertThat(LogRateLimiter.repeats(3)).isEqualTo(" (3 more like it not logged)");
  }
}
