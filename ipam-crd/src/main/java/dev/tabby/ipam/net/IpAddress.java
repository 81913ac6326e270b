package dev.tabby.ipam.net;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/** An IPv4 or IPv6 address as an unsigned number, so that block arithmetic is plain addition. */
public final class IpAddress implements Comparable<IpAddress> {
  private final IpFamily family;
  private final BigInteger value;

  public IpAddress(IpFamily family, BigInteger value) {
    if (value.signum() < 0 || value.bitLength() > family.bits()) {
      throw new IllegalArgumentException(value + " is not an " + family + " address");
    }
    this.family = family;
    this.value = value;
  }

  /** Parses a literal address; never resolves a host name. */
  public static IpAddress parse(String text) {
    String s = text == null ? "" : text.trim();
    if (s.indexOf(':') >= 0) {
      return parseV6(s, text);
    }
    return new IpAddress(IpFamily.V4, BigInteger.valueOf(parseV4(s, text)));
  }

  private static long parseV4(String s, String original) {
    String[] parts = s.split("\\.", -1);
    if (parts.length != 4) {
      throw invalid(original);
    }
    long v = 0;
    for (String part : parts) {
      if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)) {
        throw invalid(original);
      }
      int octet = Integer.parseInt(part);
      if (octet > 255) {
        throw invalid(original);
      }
      v = (v << 8) | octet;
    }
    return v;
  }

  private static IpAddress parseV6(String s, String original) {
    // Only hex digits, colons and dots (an embedded IPv4 tail) reach InetAddress, which then
    // parses a literal and never looks anything up.
    if (!s.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.')) {
      throw invalid(original);
    }
    try {
      byte[] bytes = InetAddress.getByName(s).getAddress();
      if (bytes.length != 16) {
        throw invalid(original);
      }
      return new IpAddress(IpFamily.V6, new BigInteger(1, bytes));
    } catch (UnknownHostException e) {
      throw invalid(original);
    }
  }

  private static IllegalArgumentException invalid(String text) {
    return new IllegalArgumentException("'" + text + "' is not an IPv4 or IPv6 address");
  }

  public IpFamily family() {
    return family;
  }

  public BigInteger value() {
    return value;
  }

  public IpAddress plus(BigInteger offset) {
    return new IpAddress(family, value.add(offset));
  }

  @Override
  public int compareTo(IpAddress o) {
    int byFamily = family.compareTo(o.family);
    return byFamily != 0 ? byFamily : value.compareTo(o.value);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IpAddress a && a.family == family && a.value.equals(value);
  }

  @Override
  public int hashCode() {
    return Objects.hash(family, value);
  }

  /** Dotted quad, or RFC 5952 text for IPv6 (lower case, longest zero run compressed). */
  @Override
  public String toString() {
    if (family == IpFamily.V4) {
      long v = value.longValue();
      return (v >>> 24) + "." + ((v >>> 16) & 255) + "." + ((v >>> 8) & 255) + "." + (v & 255);
    }
    int[] groups = groups();
    int bestStart = -1;
    int bestLength = 1; // a single zero group is not compressed (RFC 5952 4.2.2)
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
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        sb.append("::");
        i += bestLength - 1;
        continue;
      }
      if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
        sb.append(':');
      }
      sb.append(Integer.toHexString(groups[i]));
    }
    return sb.toString();
  }

  /** Text usable inside a Kubernetes object name: every group or octet, joined by dashes. */
  public String toNameFragment() {
    if (family == IpFamily.V4) {
      return toString().replace('.', '-');
    }
    StringBuilder sb = new StringBuilder();
    for (int g : groups()) {
      sb.append(sb.length() == 0 ? "" : "-").append(Integer.toHexString(g));
    }
    return sb.toString();
  }

  private int[] groups() {
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = value.shiftRight(16 * (7 - i)).intValue() & 0xffff;
    }
    return groups;
  }
}
