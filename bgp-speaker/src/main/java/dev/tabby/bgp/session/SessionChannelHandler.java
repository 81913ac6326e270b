package dev.tabby.bgp.session;

import dev.tabby.bgp.wire.BgpMessage;
import dev.tabby.bgp.wire.DecodeFailure;
import dev.tabby.bgp.wire.SocketAddresses;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of a BGP channel: turns channel events into session events. The channel's {@link
 * ReadThrottle}, earlier in the pipeline, counts each UPDATE read and stops reading while too many
 * bytes of them wait to be processed; this handler hears of it as its listener.
 */
final class SessionChannelHandler extends ChannelInboundHandlerAdapter
    implements ReadThrottle.Listener {

  private static final Logger log = LoggerFactory.getLogger(SessionChannelHandler.class);

  private final BgpSession session;
  private final boolean outbound;
  private NettyTransport transport;
  private ReadThrottle throttle;
  private String closeReason = "closed by peer";

  private SessionChannelHandler(BgpSession session, boolean outbound) {
    this.session = session;
    this.outbound = outbound;
  }

  /** For a connection this speaker opened to {@code session}'s peer. */
  static SessionChannelHandler outbound(BgpSession session) {
    return new SessionChannelHandler(session, true);
  }

  /** For a connection accepted from {@code session}'s peer (see {@link PinnedAcceptor}). */
  static SessionChannelHandler inbound(BgpSession session) {
    return new SessionChannelHandler(session, false);
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    throttle = ctx.pipeline().get(ReadThrottle.class);
    transport = new NettyTransport(ctx.channel(), outbound, throttle);
    session.connectionUp(transport);
    ctx.fireChannelActive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (transport == null) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (msg instanceof BgpMessage message) {
      session.messageReceived(transport, message);
    } else if (msg instanceof DecodeFailure failure) {
      session.decodeFailed(transport, failure);
    } else {
      ReferenceCountUtil.release(msg);
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (transport != null && ctx.channel().isWritable()) {
      session.writable(transport);
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void readingPaused() {
    session.readingPaused(transport, throttle.outstanding());
  }

  @Override
  public void readingResumed() {
    session.readingResumed(transport);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (transport != null) {
      session.connectionDown(transport, closeReason);
    }
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // Socket errors (connection reset, ...) end the connection; the session hears of it when
    // the channel goes inactive.
    closeReason = cause instanceof IOException ? cause.getMessage() : cause.toString();
    if (!(cause instanceof IOException)) {
      log.warn("peer={} event=channel-error", SocketAddresses.remoteOf(ctx.channel()), cause);
    }
    ctx.close();
  }
}
