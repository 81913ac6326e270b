package dev.tabby.bgp.wire;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import io.netty.util.ReferenceCountUtil;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes the whole messages cut by {@link BgpFrameDecoder} with the channel's {@link
 * CodecContext}. A malformed message becomes a {@link DecodeFailure}, never an exception. After the
 * first failure, its own or the frame decoder's, nothing more goes downstream: the session sends
 * one NOTIFICATION and closes.
 */
public final class BgpMessageDecoder extends MessageToMessageDecoder<ByteBuf> {
  private static final Logger log = LoggerFactory.getLogger(BgpMessageDecoder.class);

  private boolean failed;

  public BgpMessageDecoder() {
    super(ByteBuf.class);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object message) throws Exception {
    if (failed) {
      ReferenceCountUtil.release(message);
      return;
    }
    failed = message instanceof DecodeFailure;
    super.channelRead(ctx, message);
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf frame, List<Object> out) {
    try {
      out.add(BgpCodec.decode(frame, CodecContext.of(ctx.channel())));
    } catch (BgpProtocolException e) {
      failed = true;
      log.debug(
          "peer={} malformed message: {}", SocketAddresses.remoteOf(ctx.channel()), e.toString());
      out.add(DecodeFailure.of(e));
    }
  }
}
