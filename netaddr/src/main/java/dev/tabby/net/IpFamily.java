package dev.tabby.net;

/** IPv4 or IPv6, with the width of its addresses. */
public enum IpFamily {
  V4(32),
  V6(128);

  private final int bits;

  IpFamily(int bits) {
    this.bits = bits;
  }

  /** Address width in bits: 32 or 128. */
  public int bits() {
    return bits;
  }

  /** Address width in bytes: 4 or 16. */
  public int bytes() {
    return bits / 8;
  }

  @Override
  public String toString() {
    return this == V4 ? "IPv4" : "IPv6";
  }
}
