package dev.tabby.bgp.session;

import dev.tabby.bgp.wire.BgpMessage;
import dev.tabby.bgp.wire.CodecContext;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.concurrent.Future;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** A session's connection over a Netty channel whose pipeline holds the BGP codec. */
final class NettyTransport implements Transport {

  /** How long a closing connection waits for the peer to close its side after our FIN. */
  private static final Duration CLOSE_LINGER = Duration.ofSeconds(3);

  private final Channel channel;
  private final boolean outbound;
  private final ReadThrottle throttle;

  NettyTransport(Channel channel, boolean outbound, ReadThrottle throttle) {
    this.channel = channel;
    this.outbound = outbound;
    this.throttle = throttle;
  }

  @Override
  public boolean outbound() {
    return outbound;
  }

  @Override
  public InetAddress localAddress() {
    return ((InetSocketAddress) channel.localAddress()).getAddress();
  }

  @Override
  public void send(BgpMessage message) {
    channel.writeAndFlush(message, channel.voidPromise());
  }

  @Override
  public void sendEncoded(ByteBuf messages) {
    channel.writeAndFlush(messages, channel.voidPromise());
  }

  @Override
  public void updateProcessed() {
    throttle.processed();
  }

  @Override
  public boolean readingPaused() {
    return throttle.paused();
  }

  @Override
  public int queuedUpdates() {
    return throttle.outstanding();
  }

  @Override
  public long queuedBytes() {
    ChannelOutboundBuffer buffer = channel.unsafe().outboundBuffer();
    return buffer == null ? 0 : buffer.totalPendingWriteBytes();
  }

  @Override
  public boolean writable() {
    return channel.isWritable();
  }

  @Override
  public void useCodecContext(CodecContext context) {
    channel.attr(CodecContext.KEY).set(context);
    channel
        .config()
        .setWriteBufferWaterMark(BgpChannelInitializer.writeBuffer(context.extendedMessages()));
  }

  /**
   * Closes once everything sent before is out: the empty write completes after everything queued
   * before it, so a NOTIFICATION is written first. Then only our side is shut (FIN after the data):
   * closing the socket while the peer's bytes are still unread would make the kernel reset the
   * connection and drop what it has not sent yet, NOTIFICATION included. The channel closes when
   * the peer closes its side, or after {@link #CLOSE_LINGER}; reading resumes if it was paused, so
   * that the peer's FIN is seen.
   */
  @Override
  public void close() {
    throttle.release();
    channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(this::shutdownOutputThenClose);
  }

  private void shutdownOutputThenClose(Future<?> written) {
    if (!written.isSuccess() || !(channel instanceof DuplexChannel duplex)) {
      channel.close();
      return;
    }
    duplex
        .shutdownOutput()
        .addListener(
            shut -> {
              if (shut.isSuccess()) {
                channel
                    .eventLoop()
                    .schedule(
                        () -> {
                          channel.close();
                        },
                        CLOSE_LINGER.toMillis(),
                        TimeUnit.MILLISECONDS);
              } else {
                channel.close();
              }
            });
  }

  @Override
  public String toString() {
    return channel.toString();
  }
}
