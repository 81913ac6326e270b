package dev.tabby.bgp.session;

import dev.tabby.bgp.wire.SocketAddresses;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listening channel's handler in place of Netty's round-robin acceptor: registers each accepted
 * connection on the event loop of the session it belongs to, so its reads, the session's timers and
 * its outbound connection all run on one thread. Connections the admission refuses are closed
 * before they are registered anywhere.
 */
@ChannelHandler.Sharable
final class PinnedAcceptor extends ChannelInboundHandlerAdapter {

  private static final Logger log = LoggerFactory.getLogger(PinnedAcceptor.class);

  /** How long accepting pauses after an accept failed (e.g. out of file descriptors). */
  private static final long ACCEPT_PAUSE_SECONDS = 1;

  private final Function<InetAddress, BgpSession> admission;

  /**
   * @param admission the session of a peer address, or null when its connection must be closed;
   *     each session runs on an event loop of the listener's {@link EventLoops}, since a channel
   *     can only join a loop of its own transport
   */
  PinnedAcceptor(Function<InetAddress, BgpSession> admission) {
    this.admission = admission;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    Channel child = (Channel) msg;
    InetSocketAddress remote = (InetSocketAddress) child.remoteAddress();
    BgpSession session = remote == null ? null : admission.apply(remote.getAddress());
    if (session == null) {
      child.unsafe().closeForcibly(); // the admission logged why, or the peer is gone already
      return;
    }
    child.config().setOption(ChannelOption.TCP_NODELAY, true);
    child
        .pipeline()
        .addLast(new BgpChannelInitializer(() -> SessionChannelHandler.inbound(session)));
    ((EventLoop) session.executor())
        .register(child)
        .addListener(
            registered -> {
              if (!registered.isSuccess()) {
                log.warn(
                    "peer={} event=connection-rejected reason=\"cannot register the connection:"
                        + " {}\"",
                    SocketAddresses.remoteOf(child),
                    registered.cause().toString());
                child.unsafe().closeForcibly();
              }
            });
  }

  /**
   * An accept failed: pause accepting for a moment rather than spin on an error that repeats, e.g.
   * when the process is out of file descriptors.
   */
  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.warn(
        "event=accept-failed reason=\"{}\" action=\"pause accepting for {}s\"",
        cause.toString(),
        ACCEPT_PAUSE_SECONDS);
    Channel server = ctx.channel();
    server.config().setAutoRead(false);
    server
        .eventLoop()
        .schedule(() -> server.config().setAutoRead(true), ACCEPT_PAUSE_SECONDS, TimeUnit.SECONDS);
  }
}
