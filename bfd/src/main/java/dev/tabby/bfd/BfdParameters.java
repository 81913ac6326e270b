package dev.tabby.bfd;

import java.time.Duration;

/**
 * What the local system asks of a session (RFC 5880 §6.8.1): the fastest it wants to transmit
 * ({@code bfd.DesiredMinTxInterval}), the fastest it can receive ({@code
 * bfd.RequiredMinRxInterval}), and how many missed packets declare the path dead ({@code
 * bfd.DetectMult}). The agreed intervals are the slower of the two sides'.
 */
public record BfdParameters(Duration desiredMinTx, Duration requiredMinRx, int detectMultiplier) {

  /** FRR's defaults: 300 ms both ways, 3 packets, so a dead path is seen in under a second. */
  public static final BfdParameters DEFAULT =
      new BfdParameters(Duration.ofMillis(300), Duration.ofMillis(300), 3);

  /** The interval field is 32 bits of microseconds. */
  private static final long MAX_MICROS = 0xffff_ffffL;

  public BfdParameters {
    checkInterval("desired minimum transmit interval", desiredMinTx);
    checkInterval("required minimum receive interval", requiredMinRx);
    if (detectMultiplier < 1 || detectMultiplier > 255) {
      throw new IllegalArgumentException(
          "BFD detect multiplier must be 1..255, got " + detectMultiplier);
    }
  }

  private static void checkInterval(String what, Duration interval) {
    if (interval == null || interval.toNanos() < 1_000 || interval.toNanos() / 1_000 > MAX_MICROS) {
      throw new IllegalArgumentException(
          "BFD " + what + " must be between 1 µs and about 71 minutes, got " + interval);
    }
  }

  public static BfdParameters ofMillis(long minTxMs, long minRxMs, int multiplier) {
    return new BfdParameters(Duration.ofMillis(minTxMs), Duration.ofMillis(minRxMs), multiplier);
  }

  long desiredMinTxMicros() {
    return desiredMinTx.toNanos() / 1_000;
  }

  long requiredMinRxMicros() {
    return requiredMinRx.toNanos() / 1_000;
  }

  @Override
  public String toString() {
    return "minTx="
        + desiredMinTx.toMillis()
        + "ms minRx="
        + requiredMinRx.toMillis()
        + "ms multiplier="
        + detectMultiplier;
  }
}
