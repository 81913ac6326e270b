package dev.tabby.bgp.wire;

/** A BGP large community (RFC 8092): three unsigned 32-bit numbers, written "g:l1:l2". */
public record LargeCommunity(long global, long local1, long local2) {
  private static final long MAX = 0xFFFF_FFFFL;

  public LargeCommunity {
    if (global < 0 || global > MAX || local1 < 0 || local1 > MAX || local2 < 0 || local2 > MAX) {
      throw new IllegalArgumentException(
          "large community parts must be 0..4294967295: " + global + ":" + local1 + ":" + local2);
    }
  }

  /** Parses "65000:1:2". */
  public static LargeCommunity parse(String text) {
    String[] parts = text.split(":", -1);
    if (parts.length != 3) {
      throw new IllegalArgumentException("large community must be global:local1:local2: " + text);
    }
    try {
      return new LargeCommunity(
          Long.parseLong(parts[0]), Long.parseLong(parts[1]), Long.parseLong(parts[2]));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("large community must be global:local1:local2: " + text);
    }
  }

  @Override
  public String toString() {
    return global + ":" + local1 + ":" + local2;
  }
}
