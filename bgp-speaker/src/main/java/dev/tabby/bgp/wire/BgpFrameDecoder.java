package dev.tabby.bgp.wire;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Cuts the TCP byte stream into whole BGP messages after checking each header (marker, length
 * 19..4096 and fitting the type, known type: RFC 4271 §6.1; up to 65,535 once the channel's {@link
 * CodecContext} says extended messages were negotiated, RFC 8654). Emits each message as a retained
 * slice. The session sets that context when it accepts the peer's OPEN, before it sends the
 * KEEPALIVE that lets the peer send UPDATEs, so no longer message can arrive before it. On a bad
 * header it emits a {@link DecodeFailure} and drops all further input: the stream is out of sync
 * and the session closes it.
 */
public final class BgpFrameDecoder extends ByteToMessageDecoder {
  private boolean failed;

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (failed) {
      in.skipBytes(in.readableBytes());
      return;
    }
    if (in.readableBytes() < BgpHeader.LENGTH) {
      return;
    }
    int length;
    try {
      length = BgpHeader.check(in, CodecContext.of(ctx.channel()).extendedMessages());
    } catch (BgpProtocolException e) {
      failed = true;
      in.skipBytes(in.readableBytes());
      out.add(DecodeFailure.of(e));
      return;
    }
    if (in.readableBytes() >= length) {
      out.add(in.readRetainedSlice(length));
    }
  }
}
