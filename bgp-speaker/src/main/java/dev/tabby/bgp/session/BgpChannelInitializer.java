package dev.tabby.bgp.session;

import dev.tabby.bgp.wire.BgpFrameDecoder;
import dev.tabby.bgp.wire.BgpMessageDecoder;
import dev.tabby.bgp.wire.BgpMessageEncoder;
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
   * holds back that peer's UPDATEs until they drain below the low mark. Netty's defaults, stated
   * here because the RIB relies on them: a stuck peer costs at most this plus one RIB batch of
   * memory, and 64 KiB still holds 16 UPDATEs of 4,096 bytes, so a reading peer is never starved.
   * An UPDATE of up to 65,535 bytes (extended messages, RFC 8654) fills it alone: the peer is then
   * held back after each one until it has read it.
   */
  static final WriteBufferWaterMark WRITE_BUFFER = new WriteBufferWaterMark(32 * 1024, 64 * 1024);

  @Override
  protected void initChannel(Channel channel) {
    channel.config().setWriteBufferWaterMark(WRITE_BUFFER);
    channel
        .pipeline()
        .addLast("frames", new BgpFrameDecoder())
        .addLast("decoder", new BgpMessageDecoder())
        .addLast("encoder", new BgpMessageEncoder())
        .addLast("session", sessionHandler.get());
  }
}
