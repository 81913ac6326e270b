package dev.tabby.bgp.session;

import dev.tabby.bgp.wire.BgpFrameDecoder;
import dev.tabby.bgp.wire.BgpMessageDecoder;
import dev.tabby.bgp.wire.BgpMessageEncoder;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import java.util.function.Supplier;

/** The pipeline of every BGP connection: framing, message codec, then the session. */
final class BgpChannelInitializer extends ChannelInitializer<Channel> {

  private final Supplier<SessionChannelHandler> sessionHandler;

  BgpChannelInitializer(Supplier<SessionChannelHandler> sessionHandler) {
    this.sessionHandler = sessionHandler;
  }

  @Override
  protected void initChannel(Channel channel) {
    channel
        .pipeline()
        .addLast("frames", new BgpFrameDecoder())
        .addLast("decoder", new BgpMessageDecoder())
        .addLast("encoder", new BgpMessageEncoder())
        .addLast("session", sessionHandler.get());
  }
}
