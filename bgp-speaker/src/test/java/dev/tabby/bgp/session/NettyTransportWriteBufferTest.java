package dev.tabby.bgp.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabby.bgp.wire.AddressFamily;
import dev.tabby.bgp.wire.CodecContext;
import dev.tabby.bgp.wire.ExtendedMessages;
import dev.tabby.bgp.wire.PathIdFamilies;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A connection's write buffer fits several of the session's longest UPDATEs before the channel
 * turns unwritable (and the RIB holds that peer's UPDATEs back), with or without extended messages.
 */
class NettyTransportWriteBufferTest {
  private final EmbeddedChannel channel = new EmbeddedChannel();
  private final NettyTransport transport =
      new NettyTransport(
          channel,
          false,
          new ReadThrottle(
              channel,
              new ReadThrottle.Listener() {
                @Override
                public void readingPaused() {}

                @Override
                public void readingResumed() {}
              }));

  @AfterEach
  void close() {
    channel.finishAndReleaseAll();
  }

  @Test
  void withExtendedMessagesSeveralFullUpdatesFitBeforeTheChannelIsFull() {
    transport.useCodecContext(context(true));
    assertThat(writesUntilFull(ExtendedMessages.EXTENDED_MAX_LENGTH))
        .as("four 65,535-byte UPDATEs fit, the fifth fills the buffer")
        .isEqualTo(5);
  }

  @Test
  void withoutExtendedMessagesTheMarksStayNettysDefaults() {
    channel.config().setWriteBufferWaterMark(BgpChannelInitializer.EXTENDED_WRITE_BUFFER);
    transport.useCodecContext(context(false));
    assertThat(channel.config().getWriteBufferWaterMark())
        .isEqualTo(BgpChannelInitializer.WRITE_BUFFER);
    assertThat(writesUntilFull(ExtendedMessages.STANDARD_MAX_LENGTH)).isEqualTo(16);
  }

  /**
   * Writes messages of the length without flushing them until the channel is not writable; returns
   * how many were written, the last one included.
   */
  private int writesUntilFull(int length) {
    int queued = 0;
    while (channel.isWritable()) {
      channel.write(Unpooled.wrappedBuffer(new byte[length]));
      queued++;
      assertThat(queued).as("the channel must fill up").isLessThan(1000);
    }
    return queued;
  }

  private static CodecContext context(boolean extendedMessages) {
    return new CodecContext(
        true,
        Set.of(AddressFamily.IPV4_UNICAST),
        false,
        extendedMessages,
        PathIdFamilies.NONE,
        false);
  }
}
