package dev.tabby.bgp.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
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

  /**
   * Each frame is decoded from a copy in this one heap buffer. The frames are slices of whatever
   * the socket read and the cumulation left them in (pooled direct buffers, merged ones), and code
   * compiled for the buffer classes it has met is thrown away and compiled again when another turns
   * up: the JIT recompiled the decoders during every table load, on the same CPU the load needs.
   * One class keeps their calls monomorphic, for the price of copying each message once. Nothing
   * decoded keeps a reference into it: messages copy what they hold. It grows to 65,535 bytes at
   * the first extended message (RFC 8654), so only a session that gets one pays for the room.
   */
  private ByteBuf scratch = Unpooled.wrappedBuffer(new byte[BgpHeader.MAX_MESSAGE_LENGTH]);

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
      if (frame.readableBytes() > scratch.capacity()) {
        // The frame decoder let no message longer than 65,535 bytes through.
        scratch = Unpooled.wrappedBuffer(new byte[ExtendedMessages.EXTENDED_MAX_LENGTH]);
      }
      ByteBuf message = scratch.clear().writeBytes(frame);
      out.add(BgpCodec.decode(message, CodecContext.of(ctx.channel())));
    } catch (BgpProtocolException e) {
      failed = true;
      log.debug(
          "peer={} malformed message: {}", SocketAddresses.remoteOf(ctx.channel()), e.toString());
      out.add(DecodeFailure.of(e));
    }
  }
}
