package dev.tabby.bgp.session;

import com.google.common.net.HostAndPort;
import com.google.common.net.InetAddresses;
import java.net.InetSocketAddress;

/**
 * Socket addresses as logs and messages print them: {@code 10.0.0.1:179}, {@code [2001:db8::1]:179}
 * (RFC 5952 text, brackets around IPv6), never {@code InetSocketAddress}'s {@code /host:port}.
 */
public final class SocketAddresses {
  private SocketAddresses() {}

  public static String toText(InetSocketAddress address) {
    String host =
        address.isUnresolved()
            ? address.getHostString()
            : InetAddresses.toAddrString(address.getAddress());
    return HostAndPort.fromParts(host, address.getPort()).toString();
  }
}
