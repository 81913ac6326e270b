package dev.tabby.dataplane;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.regex.Pattern;

/** An IPv4 or IPv6 address as its network-order bytes. Immutable. */
public final class IpAddress {
  public static final int AF_INET = 2;
  public static final int AF_INET6 = 10;
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  private final byte[] bytes;

  private IpAddress(byte[] bytes) {
    this.bytes = bytes;
  }

  /** From 4 or 16 network-order bytes (copied). */
  public static IpAddress of(byte[] bytes) {
    return wrap(bytes.clone());
  }

  /** Takes ownership of freshly decoded bytes without copying them. */
  static IpAddress wrap(byte[] bytes) {
    if (bytes.length != 4 && bytes.length != 16) {
      throw new IllegalArgumentException("an IP address has 4 or 16 bytes, not " + bytes.length);
    }
    return new IpAddress(bytes);
  }

  /** Parses a literal such as "192.0.2.1" or "2001:db8::1"; never resolves a host name. */
  public static IpAddress parse(String text) {
    if (!text.contains(":") && !IPV4.matcher(text).matches()) {
      throw new IllegalArgumentException("not an IP address: '" + text + "'");
    }
    try {
      return new IpAddress(InetAddress.getByName(text).getAddress());
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an IP address: '" + text + "'", e);
    }
  }

  public int family() {
    return bytes.length == 4 ? AF_INET : AF_INET6;
  }

  public boolean isIpv4() {
    return bytes.length == 4;
  }

  /** Bit length: 32 or 128. */
  public int bits() {
    return bytes.length * 8;
  }

  /** A copy of the network-order bytes. */
  public byte[] toBytes() {
    return bytes.clone();
  }

  /** The bytes themselves, for encoders that only read them. */
  byte[] bytesUnsafe() {
    return bytes;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IpAddress other && Arrays.equals(bytes, other.bytes);
  }

  /**
   * Mixes the address bits: routes come in runs of neighbouring networks (10.0.0.0/26,
   * 10.0.0.64/26, ...) whose plain polynomial hashes crowd into few hash-table buckets.
   */
  @Override
  public int hashCode() {
    int hash = 0;
    for (int i = 0; i < bytes.length; i += 4) {
      int word =
          (bytes[i] & 0xff) << 24
              | (bytes[i + 1] & 0xff) << 16
              | (bytes[i + 2] & 0xff) << 8
              | (bytes[i + 3] & 0xff);
      hash = (hash ^ word) * 0x9e3779b9;
    }
    return hash ^ (hash >>> 15);
  }

  @Override
  public String toString() {
    try {
      String text = InetAddress.getByAddress(bytes).getHostAddress();
      return isIpv4() ? text : compressIpv6(text);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Java prints "2001:db8:0:0:0:0:0:1"; print the usual "2001:db8::1". */
  private static String compressIpv6(String full) {
    String[] groups = full.split(":");
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < groups.length; ) {
      int j = i;
      while (j < groups.length && groups[j].equals("0")) {
        j++;
      }
      if (j - i > bestLength) {
        bestStart = i;
        bestLength = j - i;
      }
      i = j == i ? i + 1 : j;
    }
    if (bestStart < 0) {
      return full;
    }
    String head = String.join(":", Arrays.copyOfRange(groups, 0, bestStart));
    String tail =
        String.join(":", Arrays.copyOfRange(groups, bestStart + bestLength, groups.length));
    return head + "::" + tail;
  }
}
