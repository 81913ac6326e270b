package dev.tabby.bgp.session;

import com.google.common.net.InetAddresses;
import dev.tabby.bgp.wire.BgpMessage;
import dev.tabby.bgp.wire.DecodeFailure;
import dev.tabby.bgp.wire.SocketAddresses;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.net.InetAddress;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of a BGP channel: turns channel events into session events. Inbound channels
 * find their session by the remote address once connected; connections from addresses that are not
 * configured peers are closed at once.
 */
final class SessionChannelHandler extends ChannelInboundHandlerAdapter {

  private static final Logger log = LoggerFactory.getLogger(SessionChannelHandler.class);

  private final Function<InetAddress, BgpSession> sessions;
  private final boolean outbound;
  private BgpSession session;
  private NettyTransport transport;
  private String closeReason = "closed by peer";

  private SessionChannelHandler(Function<InetAddress, BgpSession> sessions, boolean outbound) {
    this.sessions = sessions;
    this.outbound = outbound;
  }

  /** For a connection this speaker opened to {@code session}'s peer. */
  static SessionChannelHandler outbound(BgpSession session) {
    return new SessionChannelHandler(address -> session, true);
  }

  /** For an accepted connection: its session is looked up by the peer's address. */
  static SessionChannelHandler inbound(Function<InetAddress, BgpSession> sessions) {
    return new SessionChannelHandler(sessions, false);
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    transport = new NettyTransport(ctx.channel(), outbound);
    session = sessions.apply(transport.remoteAddress());
    if (session == null) {
      log.warn(
          "peer={} event=connection-rejected reason=\"not a configured peer\"",
          InetAddresses.toAddrString(transport.remoteAddress()));
      ctx.close();
      return;
    }
    session.connectionUp(transport);
    ctx.fireChannelActive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (session == null) {
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
  public void channelInactive(ChannelHandlerContext ctx) {
    if (session != null) {
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
