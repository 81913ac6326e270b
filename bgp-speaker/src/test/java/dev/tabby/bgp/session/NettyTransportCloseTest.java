package dev.tabby.bgp.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Closing a connection delivers everything written before, even when the peer's own bytes were not
 * read yet: a plain close() would then reset the connection and drop what the kernel still held,
 * such as the NOTIFICATION that explains the close.
 */
class NettyTransportCloseTest {
  /** More than the shrunken socket buffers hold, so some is still queued when close is asked. */
  private static final int WRITTEN = 1 << 20;

  private final EventLoopGroup group =
      new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());

  @AfterEach
  void stop() {
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  @Test
  void everythingWrittenArrivesBeforeTheEndOfStreamThoughThePeersBytesWereUnread()
      throws Exception {
    CompletableFuture<Channel> accepted = new CompletableFuture<>();
    Channel server =
        new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .childOption(ChannelOption.AUTO_READ, false) // the peer's bytes stay unread
            .childOption(ChannelOption.SO_SNDBUF, 16 * 1024)
            .childHandler(
                new ChannelInboundHandlerAdapter() {
                  @Override
                  public void channelActive(ChannelHandlerContext ctx) {
                    accepted.complete(ctx.channel());
                  }
                })
            .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
            .syncUninterruptibly()
            .channel();
    try (Socket peer = new Socket()) {
      peer.setReceiveBufferSize(16 * 1024);
      peer.connect(server.localAddress());
      peer.getOutputStream().write(new byte[100]);
      Channel channel = accepted.get(10, TimeUnit.SECONDS);
      NettyTransport transport =
          new NettyTransport(channel, false, new ReadThrottle(channel, new UnheardThrottle()));

      transport.sendEncoded(Unpooled.wrappedBuffer(new byte[WRITTEN]));
      transport.close();

      peer.setSoTimeout(10_000);
      assertThat(readToEnd(peer.getInputStream())).isEqualTo(WRITTEN);
    } finally {
      server.close().syncUninterruptibly();
    }
  }

  /** Bytes read until the end of the stream; a reset fails the read. */
  private static long readToEnd(InputStream in) throws Exception {
    byte[] buffer = new byte[64 * 1024];
    long total = 0;
    for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
      total += n;
    }
    return total;
  }

  /** The session events of a throttle that never pauses here. */
  private static final class UnheardThrottle implements ReadThrottle.Listener {
    @Override
    public void readingPaused() {}

    @Override
    public void readingResumed() {}
  }
}
