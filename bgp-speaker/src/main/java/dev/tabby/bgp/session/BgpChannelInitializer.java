package dev.tabby.bgp.session;

import dev.tabby.bgp.wire.BgpFrameDecoder;
import dev.tabby.bgp.wire.BgpMessageDecoder;
import dev.tabby.bgp.wire.BgpMessageEncoder;
import dev.tabby.bgp.wire.ExtendedMessages;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.WriteBufferWaterMark;
import java.util.function.Supplier;

/** The pipeline of every BGP connection: framing, message codec, then the session. */
final class BgpChannelInitializer extends ChannelInitializer<Channel> {

  private final Supplier<SessionChannelHandler> sessionHandler;

  BgpChannelInitializer(Supplier<SessionChannelHandler> sessionHandler) {
    this.sessionHandler = sessionHandler;
  }

  /**
   * When the bytes queued for a peer pass the high mark the channel turns unwritable and the RIB
   * holds back that peer's UPDATEs until they drain below the low mark: a stuck peer costs at most
   * this plus one RIB batch of memory. Netty's defaults, 32/64 KiB, hold 16 UPDATEs of 4,096 bytes,
   * so a reading peer is never starved.
   */
  static final WriteBufferWaterMark WRITE_BUFFER = new WriteBufferWaterMark(32 * 1024, 64 * 1024);

  /**
   * The marks once extended messages (RFC 8654) are negotiated: 64 KiB would hold less than one
   * UPDATE of 65,535 bytes (Netty counts some 100 bytes more per write), so the RIB would stop
   * after each one and wait for the peer to read it all. These hold four such UPDATEs, still a
   * small fraction of the read side's bound (see {@link ReadThrottle}).
   */
  static final WriteBufferWaterMark EXTENDED_WRITE_BUFFER =
      new WriteBufferWaterMark(
          2 * ExtendedMessages.EXTENDED_MAX_LENGTH,
          4 * ExtendedMessages.EXTENDED_MAX_LENGTH + 1024);

  /** The write buffer's marks for a session with or without extended messages. */
  static WriteBufferWaterMark writeBuffer(boolean extendedMessages) {
    return extendedMessages ? EXTENDED_WRITE_BUFFER : WRITE_BUFFER;
  }

  @Override
  protected void initChannel(Channel channel) {
    channel.config().setWriteBufferWaterMark(WRITE_BUFFER);
    SessionChannelHandler session = sessionHandler.get();
    channel
        .pipeline()
        .addLast("frames", new BgpFrameDecoder())
        .addLast("throttle", new ReadThrottle(channel, session))
        .addLast("decoder", new BgpMessageDecoder())
        .addLast("encoder", new BgpMessageEncoder())
        .addLast("session", session);
  }
}
