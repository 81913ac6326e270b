package dev.tabby.bgp.session;

import dev.tabby.bgp.wire.SocketAddresses;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listening socket: accepts connections, hands each to the session of the peer it comes from on
 * that session's event loop, and closes those from addresses that are not configured peers.
 */
public final class BgpListener implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(BgpListener.class);

  private final EventLoops loops;
  private final Channel serverChannel;
  private final InboundAdmission admission;

  private BgpListener(EventLoops loops, Channel serverChannel, InboundAdmission admission) {
    this.loops = loops;
    this.serverChannel = serverChannel;
    this.admission = admission;
  }

  /**
   * Listens on {@code address}.
   *
   * @param sessions the session of a peer address, or null when it is no configured peer; each
   *     session runs on one of {@code loops}' event loops
   */
  public static BgpListener bind(
      EventLoops loops, InetSocketAddress address, Function<InetAddress, BgpSession> sessions) {
    InboundAdmission admission = new InboundAdmission(sessions);
    ChannelFuture bound =
        // A plain Bootstrap binds the server channel: its handler, not ServerBootstrap's
        // round-robin acceptor, places each accepted connection on its session's loop.
        new Bootstrap()
            .group(loops.group())
            .channel(loops.serverSocketChannel())
            .option(ChannelOption.SO_REUSEADDR, true)
            .handler(new PinnedAcceptor(admission))
            .bind(address)
            .awaitUninterruptibly();
    if (!bound.isSuccess()) {
      throw new IllegalStateException(
          "cannot listen on " + SocketAddresses.toText(address) + ": " + bound.cause().getMessage(),
          bound.cause());
    }
    Channel channel = bound.channel();
    log.info(
        "event=listening address={}",
        SocketAddresses.toText((InetSocketAddress) channel.localAddress()));
    return new BgpListener(loops, channel, admission);
  }

  /** The bound address (with the real port when 0 was asked for). */
  public InetSocketAddress localAddress() {
    return (InetSocketAddress) serverChannel.localAddress();
  }

  /**
   * Installs exactly these TCP MD5 keys on the listening socket, so signed SYNs from those peers
   * are accepted (and their unsigned ones dropped by the kernel). Until that succeeded, connections
   * from those peers are closed before any OPEN.
   *
   * @throws TcpMd5Exception when the transport or the kernel refuses
   */
  public void md5Keys(Map<InetAddress, byte[]> keys) {
    admission.installingKeys(keys.keySet());
    TcpMd5.apply(loops, serverChannel, keys);
    admission.keysInstalled();
  }

  @Override
  public void close() {
    serverChannel.close().syncUninterruptibly();
  }
}
