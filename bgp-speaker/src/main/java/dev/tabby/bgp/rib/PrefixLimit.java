package dev.tabby.bgp.rib;

import java.time.Duration;
import java.util.Objects;

/**
 * How many prefixes of one address family a peer may have accepted (after import policy) at once,
 * and what happens beyond that (RFC 4271 §6.7).
 *
 * @param maximum the most prefixes of the family held from the peer; one more exceeds the limit
 * @param warningPercent at this share of {@code maximum} a warning is logged, once per session
 * @param action what exceeding the limit does
 * @param restartInterval with {@link Action#TEARDOWN}, how long the session stays down (no
 *     connection opened, none accepted) before it reconnects as usual
 */
public record PrefixLimit(
    long maximum, int warningPercent, Action action, Duration restartInterval) {

  /** What exceeding the limit does. */
  public enum Action {
    /**
     * End the session with Cease / Maximum Number of Prefixes Reached (RFC 4486 subcode 1, with the
     * family and the limit as its data) and keep it down for the restart interval.
     */
    TEARDOWN,
    /** Log a warning, once per session, and keep the session and every route. */
    WARN
  }

  public static final int DEFAULT_WARNING_PERCENT = 80;

  /** Long enough that a peer leaking a full table does not flap every few seconds. */
  public static final Duration DEFAULT_RESTART_INTERVAL = Duration.ofMinutes(5);

  /** RFC 4486 carries the upper bound in four bytes. */
  public static final long MAX_MAXIMUM = 0xFFFF_FFFFL;

  public PrefixLimit {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(restartInterval, "restartInterval");
    if (maximum < 0 || maximum > MAX_MAXIMUM) {
      throw new IllegalArgumentException("maximum must be 0..4294967295, got " + maximum);
    }
    if (warningPercent < 1 || warningPercent > 100) {
      throw new IllegalArgumentException("warning percent must be 1..100, got " + warningPercent);
    }
    if (restartInterval.isNegative() || restartInterval.isZero()) {
      throw new IllegalArgumentException("restart interval must be positive");
    }
  }

  /** A limit of {@code maximum} that tears down, with the default warning and restart interval. */
  public static PrefixLimit teardown(long maximum) {
    return new PrefixLimit(
        maximum, DEFAULT_WARNING_PERCENT, Action.TEARDOWN, DEFAULT_RESTART_INTERVAL);
  }

  /** How many prefixes make the warning: {@code warningPercent} of the maximum, rounded up. */
  public long warningThreshold() {
    return (maximum * warningPercent + 99) / 100;
  }
}
