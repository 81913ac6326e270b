package dev.tabby.bgp.wire;

import com.google.common.net.HostAndPort;
import com.google.common.net.InetAddresses;
import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

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

  /** The channel's remote end, for log lines about a connection (Netty's own form names ids). */
  public static String remoteOf(Channel channel) {
    SocketAddress remote = channel.remoteAddress();
    return remote instanceof InetSocketAddress inet ? toText(inet) : String.valueOf(remote);
  }
}
