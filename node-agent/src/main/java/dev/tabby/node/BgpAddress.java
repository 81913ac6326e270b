package dev.tabby.node;

import com.google.common.net.InetAddresses;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Objects;

/** A node's BGP address with the prefix length of its subnet, as a Node annotation holds it. */
public record BgpAddress(InetAddress address, int prefixLength) {

  public BgpAddress {
    Objects.requireNonNull(address, "address");
    int max = address instanceof Inet6Address ? 128 : 32;
    if (prefixLength < 0 || prefixLength > max) {
      throw new IllegalArgumentException("prefix length " + prefixLength + " out of 0.." + max);
    }
  }

  /**
   * Reads {@code 192.0.2.10/24} or {@code 2001:db8::10/64}.
   *
   * @throws IllegalArgumentException when the text is not ADDRESS/LENGTH
   */
  public static BgpAddress parse(String text) {
    int slash = text.indexOf('/');
    if (slash < 0 || !InetAddresses.isInetAddress(text.substring(0, slash))) {
      throw new IllegalArgumentException("'" + text + "' is not ADDRESS/LENGTH");
    }
    try {
      return new BgpAddress(
          InetAddresses.forString(text.substring(0, slash)),
          Integer.parseInt(text.substring(slash + 1)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + text + "' has no numeric prefix length");
    }
  }

  public boolean isIpv6() {
    return address instanceof Inet6Address;
  }

  @Override
  public String toString() {
    return InetAddresses.toAddrString(address) + "/" + prefixLength;
  }
}
