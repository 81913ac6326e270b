package dev.tabby.bgp.session;

import com.google.common.net.InetAddresses;
import io.netty.channel.Channel;
import io.netty.channel.ChannelException;
import io.netty.channel.epoll.EpollChannelOption;
import java.net.InetAddress;
import java.util.Collection;
import java.util.Map;

/** Installs RFC 2385 TCP MD5 signature keys on a socket, with errors a user can act on. */
final class TcpMd5 {

  private TcpMd5() {}

  /**
   * Sets the keys of {@code channel} to exactly {@code keys} (peer address → password bytes).
   *
   * @throws TcpMd5Exception when the transport or the kernel cannot sign segments
   */
  static void apply(EventLoops loops, Channel channel, Map<InetAddress, byte[]> keys) {
    if (!loops.epoll()) {
      throw new TcpMd5Exception(
          keys.keySet(),
          "needs the native epoll transport, which is unavailable: "
              + loops.epollUnavailableReason());
    }
    try {
      channel.config().setOption(EpollChannelOption.TCP_MD5SIG, keys);
    } catch (ChannelException e) {
      String cause = e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
      throw new TcpMd5Exception(
          keys.keySet(),
          "the kernel refused the key ("
              + cause
              + "); it needs CONFIG_TCP_MD5SIG, and keys must be at most 80 bytes");
    }
  }

  /** The signature keys could not be installed. */
  static final class TcpMd5Exception extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TcpMd5Exception(Collection<InetAddress> peers, String message) {
      super("TCP MD5 signature for peer " + describe(peers) + " " + message);
    }

    private static String describe(Collection<InetAddress> peers) {
      return String.join(",", peers.stream().map(InetAddresses::toAddrString).sorted().toList());
    }
  }
}
