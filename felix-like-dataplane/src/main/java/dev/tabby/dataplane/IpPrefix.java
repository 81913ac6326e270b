package dev.tabby.dataplane;

/** A network: an address whose bits past {@code length} are zero, and the prefix length. */
public record IpPrefix(IpAddress address, int length) {
  public IpPrefix {
    if (length < 0 || length > address.bits()) {
      throw new IllegalArgumentException(
          "prefix length " + length + " out of range for " + address);
    }
    if (hasHostBits(address.bytesUnsafe(), length)) {
      throw new IllegalArgumentException(
          address + "/" + length + " has host bits set; a route's destination is a network");
    }
  }

  private static boolean hasHostBits(byte[] bytes, int length) {
    int partial = length % 8;
    int firstHostByte = length / 8;
    if (partial != 0 && (bytes[firstHostByte++] & (0xff >>> partial)) != 0) {
      return true;
    }
    for (int i = firstHostByte; i < bytes.length; i++) {
      if (bytes[i] != 0) {
        return true;
      }
    }
    return false;
  }

  /** Parses "10.0.0.0/26" or "2001:db8::/64"; a bare address is a host prefix. */
  public static IpPrefix parse(String text) {
    int slash = text.indexOf('/');
    if (slash < 0) {
      IpAddress address = IpAddress.parse(text);
      return new IpPrefix(address, address.bits());
    }
    int length;
    try {
      length = Integer.parseInt(text.substring(slash + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a prefix length in '" + text + "'", e);
    }
    return new IpPrefix(IpAddress.parse(text.substring(0, slash)), length);
  }

  public int family() {
    return address.family();
  }

  @Override
  public String toString() {
    return address + "/" + length;
  }
}
