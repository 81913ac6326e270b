package dev.tabby.net;

/** Bit twiddling and text forms shared by the address and prefix types. */
final class Bits {
  private Bits() {}

  static boolean isAsciiDigit(int c) {
    return c >= '0' && c <= '9';
  }

  /** Reads {@code count} bytes big-endian from {@code offset}; bytes past the array read as 0. */
  static long bigEndian(byte[] bytes, int offset, int count) {
    long value = 0;
    for (int i = 0; i < count; i++) {
      int index = offset + i;
      value = value << 8 | (index < bytes.length ? bytes[index] & 0xFF : 0);
    }
    return value;
  }

  static void putBigEndian(byte[] bytes, int offset, long value, int count) {
    for (int i = count - 1; i >= 0; i--) {
      bytes[offset + i] = (byte) value;
      value >>>= 8;
    }
  }

  /** A hash of 128 bits and a tag that spreads neighbouring values over the buckets. */
  static int mix(long high, long low, int tag) {
    long hash = (high * 0x9E3779B97F4A7C15L ^ low) * 0x9E3779B97F4A7C15L + tag;
    return (int) (hash ^ hash >>> 32);
  }

  static String ipv4Text(int address) {
    return (address >>> 24)
        + "."
        + (address >>> 16 & 255)
        + "."
        + (address >>> 8 & 255)
        + "."
        + (address & 255);
  }

  /** RFC 5952: lower case, the longest run of two or more zero groups (the first) as "::". */
  static String ipv6Text(long high, long low) {
    int[] groups = new int[8];
    for (int i = 0; i < 4; i++) {
      groups[i] = (int) (high >>> 16 * (3 - i)) & 0xFFFF;
      groups[i + 4] = (int) (low >>> 16 * (3 - i)) & 0xFFFF;
    }
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < 8; ) {
      int j = i;
      while (j < 8 && groups[j] == 0) {
        j++;
      }
      if (j - i > bestLength) {
        bestStart = i;
        bestLength = j - i;
      }
      i = j == i ? i + 1 : j;
    }
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        text.append("::");
        i += bestLength - 1;
        continue;
      }
      if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
        text.append(':');
      }
      text.append(Integer.toHexString(groups[i]));
    }
    return text.toString();
  }
}
