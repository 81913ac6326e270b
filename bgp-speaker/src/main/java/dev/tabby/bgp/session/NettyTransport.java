package dev.tabby.bgp.session;

import dev.tabby.bgp.wire.BgpMessage;
import dev.tabby.bgp.wire.CodecContext;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/** A session's connection over a Netty channel whose pipeline holds the BGP codec. */
final class NettyTransport implements Transport {

  private final Channel channel;
  private final boolean outbound;

  NettyTransport(Channel channel, boolean outbound) {
    this.channel = channel;
    this.outbound = outbound;
  }

  @Override
  public boolean outbound() {
    return outbound;
  }

  @Override
  public InetAddress localAddress() {
    return ((InetSocketAddress) channel.localAddress()).getAddress();
  }

  InetAddress remoteAddress() {
    return ((InetSocketAddress) channel.remoteAddress()).getAddress();
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
  public void useCodecContext(CodecContext context) {
    channel.attr(CodecContext.KEY).set(context);
  }

  @Override
  public void close() {
    // Written after everything queued before it, so a NOTIFICATION goes out before the FIN.
    channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
  }

  @Override
  public String toString() {
    return channel.toString();
  }
}
