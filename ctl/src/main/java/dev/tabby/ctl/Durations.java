package dev.tabby.ctl;

/** Durations the way routers print session uptimes. */
final class Durations {

  private Durations() {}

  /** {@code 00:01:05} below a day, {@code 3d04h12m} above; {@code never} for zero or less. */
  static String compact(long seconds) {
    if (seconds <= 0) {
      return "never";
    }
    long days = seconds / 86_400;
    long hours = seconds / 3600 % 24;
    long minutes = seconds / 60 % 60;
    if (days > 0) {
      return String.format("%dd%02dh%02dm", days, hours, minutes);
    }
    return String.format("%02d:%02d:%02d", hours, minutes, seconds % 60);
  }
}
