package dev.tabby.bgp.wire;

import io.netty.buffer.ByteBuf;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** Addresses as they come off the wire. */
final class WireAddresses {
  private WireAddresses() {}

  /** The IPv4 address of a network-order int. */
  static Inet4Address ipv4(int address) {
    try {
      return (Inet4Address)
          InetAddress.getByAddress(
              new byte[] {
                (byte) (address >>> 24),
                (byte) (address >>> 16),
                (byte) (address >>> 8),
                (byte) address
              });
    } catch (UnknownHostException e) {
      throw new AssertionError("4 bytes are always an address", e);
    }
  }

  /** Reads 16 bytes as an IPv6 address (IPv4-mapped ones stay IPv6). */
  static Inet6Address ipv6(ByteBuf in) {
    byte[] bytes = new byte[16];
    in.readBytes(bytes);
    try {
      return Inet6Address.getByAddress(null, bytes, -1);
    } catch (UnknownHostException e) {
      throw new AssertionError("16 bytes are always an address", e);
    }
  }
}
