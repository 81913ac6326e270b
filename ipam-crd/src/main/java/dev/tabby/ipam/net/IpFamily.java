package dev.tabby.ipam.net;

/** IPv4 or IPv6, with the width of its addresses. */
public enum IpFamily {
  V4(32),
  V6(128);

  private final int bits;

  IpFamily(int bits) {
    this.bits = bits;
  }

  public int bits() {
    return bits;
  }

  @Override
  public String toString() {
    return this == V4 ? "IPv4" : "IPv6";
  }
}
