package dev.tabby.controller;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations written as Kubernetes components take them: {@code 15m}, {@code 30s}, {@code 1h30m}.
 */
final class GoDuration {
  private static final Pattern WHOLE = Pattern.compile("(\\d+(ms|s|m|h))+");
  private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h)");

  private GoDuration() {}

  /** Reads a positive duration; IllegalArgumentException saying what is expected otherwise. */
  static Duration parse(String text) {
    String trimmed = text.trim();
    if (!WHOLE.matcher(trimmed).matches()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a duration such as 15m, 30s, 500ms or 1h30m");
    }
    Duration total = Duration.ZERO;
    Matcher part = PART.matcher(trimmed);
    while (part.find()) {
      long amount = Long.parseLong(part.group(1));
      total =
          total.plus(
              switch (part.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                default -> Duration.ofHours(amount);
              });
    }
    if (total.isZero()) {
      throw new IllegalArgumentException("'" + text + "' is zero: a positive duration is needed");
    }
    return total;
  }
}
