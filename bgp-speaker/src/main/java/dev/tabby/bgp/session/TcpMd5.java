package dev.tabby.bgp.session;

import io.netty.channel.Channel;
import io.netty.channel.ChannelException;
import io.netty.channel.epoll.EpollChannelOption;
import java.net.InetAddress;
import java.util.Map;

/** Installs RFC 2385 TCP MD5 signature keys on a socket, with errors a user can act on. */
final class TcpMd5 {

  private TcpMd5() {}

  /**
   * Throws unless {@code loops} can sign segments at all: only the native epoll transport can set
   * TCP_MD5SIG, and a session that should be signed must never run unsigned.
   *
   * @throws TcpMd5Exception naming why the native transport did not load and how to make it load
   */
  static void checkAvailable(EventLoops loops, InetAddress peer) {
    if (!loops.epoll()) {
      throw new TcpMd5Exception(
          peer,
          "needs Netty's native epoll transport, which did not load ("
              + loops.epollUnavailableReason()
              + "); do not set -Dio.netty.transport.noNative=true, and if the temporary directory"
              + " is mounted noexec, point -Dio.netty.native.workdir=DIR (or -Djava.io.tmpdir=DIR)"
              + " at a directory where libraries may be executed");
    }
  }

  /**
   * Sets the keys of {@code channel} to exactly {@code keys} (peer address → password bytes).
   *
   * @throws TcpMd5Exception when the transport or the kernel cannot sign segments
   */
  static void apply(EventLoops loops, Channel channel, Map<InetAddress, byte[]> keys) {
    for (InetAddress peer : keys.keySet()) {
      checkAvailable(loops, peer);
    }
    try {
      channel.config().setOption(EpollChannelOption.TCP_MD5SIG, keys);
    } catch (ChannelException e) {
      String cause = e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
      throw new TcpMd5Exception(
          keys.keySet(),
          "was refused by the kernel ("
              + cause
              + "); the kernel needs CONFIG_TCP_MD5SIG, and keys must be at most 80 bytes");
    }
  }
}
