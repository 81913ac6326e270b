package dev.tabby.bgp.wire;

/**
 * Helpers for standard communities (RFC 1997), held as a 32-bit int: AS in the high 16 bits, value
 * in the low 16, written "65000:100".
 */
public final class Communities {
  /** Do not advertise outside this AS (or confederation). */
  public static final int NO_EXPORT = 0xFFFF_FF01;

  /** Do not advertise to any peer. */
  public static final int NO_ADVERTISE = 0xFFFF_FF02;

  /** Do not advertise to external peers, not even confederation members. */
  public static final int NO_EXPORT_SUBCONFED = 0xFFFF_FF03;

  /**
   * A route kept as long-lived stale (RFC 9494 §4.1): least preferred, not sent to non-LLGR peers.
   */
  public static final int LLGR_STALE = 0xFFFF_0006;

  /** Never keep this route as long-lived stale (RFC 9494 §4.2): drop it instead. */
  public static final int NO_LLGR = 0xFFFF_0007;

  private Communities() {}

  /**
   * Parses "65000:100", or a well-known name ("no-export", "no-advertise", "no-export-subconfed").
   */
  public static int parse(String text) {
    switch (text.toLowerCase(java.util.Locale.ROOT)) {
      case "no-export":
        return NO_EXPORT;
      case "no-advertise":
        return NO_ADVERTISE;
      case "no-export-subconfed":
        return NO_EXPORT_SUBCONFED;
      default:
        break;
    }
    int colon = text.indexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("community must be asn:value: " + text);
    }
    int high = parsePart(text, text.substring(0, colon));
    int low = parsePart(text, text.substring(colon + 1));
    return high << 16 | low;
  }

  /** "65000:100" (well-known communities are also printed as numbers, like BIRD does). */
  public static String format(int community) {
    return (community >>> 16) + ":" + (community & 0xFFFF);
  }

  private static int parsePart(String text, String part) {
    try {
      int value = Integer.parseInt(part);
      if (value >= 0 && value <= 0xFFFF) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below with the whole text
    }
    throw new IllegalArgumentException("community parts must be 0..65535: " + text);
  }
}
