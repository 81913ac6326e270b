package dev.tabby.bench.bgp;

/**
 * The benchmark's routes: consecutive IPv4 /28s from 10.0.0.0, so 1,000,000 of them fit in
 * 10.0.0.0/8 (which holds 1,048,576) and never overlap the lab's link addresses.
 */
final class Prefixes {

  /** The most /28s that fit in 10.0.0.0/8. */
  static final int MAX = 1 << 20;

  private Prefixes() {}

  /** The {@code index}-th prefix, e.g. 0 is {@code 10.0.0.0/28}, 1 is {@code 10.0.0.16/28}. */
  static String nth(int index) {
    if (index < 0 || index >= MAX) {
      throw new IllegalArgumentException("prefix index must be 0.." + (MAX - 1) + ", got " + index);
    }
    int host = index << 4;
    return "10." + (host >>> 16 & 0xFF) + "." + (host >>> 8 & 0xFF) + "." + (host & 0xFF) + "/28";
  }
}
