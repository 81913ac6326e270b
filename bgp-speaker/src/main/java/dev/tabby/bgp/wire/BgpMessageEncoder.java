package dev.tabby.bgp.wire;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/**
 * Encodes {@link BgpMessage}s with the channel's {@link CodecContext}. Buffers already encoded (by
 * {@link UpdatePacker}) pass through untouched.
 */
public final class BgpMessageEncoder extends MessageToByteEncoder<BgpMessage> {
  public BgpMessageEncoder() {
    super(BgpMessage.class);
  }

  @Override
  protected void encode(ChannelHandlerContext ctx, BgpMessage message, ByteBuf out) {
    BgpCodec.encode(message, CodecContext.of(ctx.channel()), out);
  }
}
