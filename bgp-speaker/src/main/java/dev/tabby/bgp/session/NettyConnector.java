package dev.tabby.bgp.session;

import com.google.common.net.InetAddresses;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoop;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens a session's outbound connections: from the configured local address (if any), with the
 * peer's TCP MD5 key (if any) installed before the SYN goes out.
 */
public final class NettyConnector implements Connector {

  private static final Logger log = LoggerFactory.getLogger(NettyConnector.class);

  private final EventLoops loops;
  private final EventLoop loop;
  private final InetSocketAddress remote;
  private final InetAddress localAddress;
  private final byte[] md5Key;
  private final Duration connectTimeout;

  /**
   * @param loop the session's event loop; the connection lives on it too
   * @param localAddress address to connect from; null lets the kernel choose
   * @param md5Key the TCP MD5 password; null for none
   */
  public NettyConnector(
      EventLoops loops,
      EventLoop loop,
      InetSocketAddress remote,
      InetAddress localAddress,
      byte[] md5Key,
      Duration connectTimeout) {
    this.loops = loops;
    this.loop = loop;
    this.remote = remote;
    this.localAddress = localAddress;
    this.md5Key = md5Key;
    this.connectTimeout = connectTimeout;
  }

  @Override
  public String target() {
    return ConnectFailure.target(remote);
  }

  @Override
  public boolean signed() {
    return md5Key != null;
  }

  @Override
  public Cancellable connect(BgpSession session) {
    Bootstrap bootstrap =
        new Bootstrap()
            .group(loop)
            .channel(loops.socketChannel())
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) connectTimeout.toMillis())
            .handler(new BgpChannelInitializer(() -> SessionChannelHandler.outbound(session)));
    ChannelFuture registered = bootstrap.register();
    Channel channel = registered.channel();
    boolean[] cancelled = {false};
    registered.addListener(
        done -> {
          if (!done.isSuccess()) {
            session.connectFailed(ConnectFailure.reason(done.cause()));
            return;
          }
          if (md5Key != null) {
            try {
              TcpMd5.apply(loops, channel, Map.of(remote.getAddress(), md5Key));
            } catch (TcpMd5Exception e) {
              log.error(
                  "peer={} event=md5-failed {}",
                  InetAddresses.toAddrString(remote.getAddress()),
                  e.getMessage());
              channel.close();
              session.connectFailed(e.getMessage());
              return;
            }
          }
          ChannelFuture connected =
              localAddress == null
                  ? channel.connect(remote)
                  : channel.connect(remote, new InetSocketAddress(localAddress, 0));
          connected.addListener(
              result -> {
                if (!result.isSuccess() && !cancelled[0]) {
                  Throwable cause = result.cause();
                  String reason = ConnectFailure.reason(cause);
                  boolean silence = cause instanceof ConnectTimeoutException;
                  session.connectFailed(
                      silence && signed() ? reason + SIGNED_SILENCE_HINT : reason);
                }
              });
        });
    return () -> {
      cancelled[0] = true;
      channel.close();
    };
  }
}
