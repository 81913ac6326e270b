package dev.tabby.bgp.wire;

import static dev.tabby.bgp.wire.WireTestSupport.FOUR_OCTET;
import static dev.tabby.bgp.wire.WireTestSupport.MARKER;
import static dev.tabby.bgp.wire.WireTestSupport.hex;
import static dev.tabby.bgp.wire.WireTestSupport.message;
import static dev.tabby.bgp.wire.WireTestSupport.update;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tabby.net.IpPrefix;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PipelineTest {
  private static final byte[] KEEPALIVE = hex(MARKER + "0013 04");
  private static final byte[] UPDATE_4_OCTET_PATH =
      update("", "40 01 01 00 | 40 02 06 02 01 fa56ea00 | 40 03 04 0a000001", "18 0a0100");

  private static EmbeddedChannel channel() {
    return new EmbeddedChannel(
        new BgpFrameDecoder(), new BgpMessageDecoder(), new BgpMessageEncoder());
  }

  private static List<Object> inbound(EmbeddedChannel channel) {
    List<Object> out = new ArrayList<>();
    for (Object o = channel.readInbound(); o != null; o = channel.readInbound()) {
      out.add(o);
    }
    return out;
  }

  @Test
  void reassemblesMessagesFedOneByteAtATime() {
    EmbeddedChannel channel = channel();
    byte[] stream = new byte[KEEPALIVE.length * 2];
    System.arraycopy(KEEPALIVE, 0, stream, 0, KEEPALIVE.length);
    System.arraycopy(KEEPALIVE, 0, stream, KEEPALIVE.length, KEEPALIVE.length);
    for (byte b : stream) {
      channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
    }
    assertThat(inbound(channel))
        .containsExactly(KeepaliveMessage.INSTANCE, KeepaliveMessage.INSTANCE);
    assertThat(channel.finish()).isFalse();
  }

  @Test
  void decodesWithTheChannelsNegotiatedContext() {
    EmbeddedChannel channel = channel();
    channel.attr(CodecContext.KEY).set(FOUR_OCTET);
    channel.writeInbound(Unpooled.wrappedBuffer(UPDATE_4_OCTET_PATH));
    UpdateMessage update = (UpdateMessage) channel.readInbound();
    assertThat(update.reach().get(0).attributes().asPath()).isEqualTo(AsPath.sequence(4200000000L));
    channel.finishAndReleaseAll();
  }

  @Test
  void aDecodedMessageKeepsNothingOfTheBufferTheNextOneIsDecodedFrom() {
    EmbeddedChannel channel = channel();
    channel.attr(CodecContext.KEY).set(FOUR_OCTET);
    // Two UPDATEs in one read: an unknown optional transitive attribute (type 99) and NLRI each.
    byte[] first =
        update("", "40 01 01 00 | 40 02 00 | 40 03 04 0a000001 | c0 63 02 aaaa", "18 0a0100");
    byte[] second =
        update("", "40 01 01 00 | 40 02 00 | 40 03 04 0a000002 | c0 63 02 bbbb", "18 0a0200");
    channel.writeInbound(Unpooled.wrappedBuffer(first, second));

    UpdateMessage one = (UpdateMessage) channel.readInbound();
    UpdateMessage two = (UpdateMessage) channel.readInbound();

    assertThat(one.reach().get(0).prefixes()).containsExactly(IpPrefix.parse("10.1.0.0/24"));
    assertThat(one.reach().get(0).attributes().unknownAttributes().get(0).value())
        .containsExactly(0xaa, 0xaa);
    assertThat(one.reach().get(0).attributes().nextHop().getHostAddress()).isEqualTo("10.0.0.1");
    assertThat(two.reach().get(0).prefixes()).containsExactly(IpPrefix.parse("10.2.0.0/24"));
    channel.finishAndReleaseAll();
  }

  @Test
  void aFrameFromADirectBufferDecodesLikeOneFromAHeapBuffer() {
    EmbeddedChannel channel = channel();
    channel.attr(CodecContext.KEY).set(FOUR_OCTET);
    ByteBuf direct = Unpooled.directBuffer().writeBytes(UPDATE_4_OCTET_PATH);
    channel.writeInbound(direct);
    channel.writeInbound(Unpooled.wrappedBuffer(UPDATE_4_OCTET_PATH));

    assertThat(channel.<Object>readInbound()).isEqualTo(channel.readInbound());
    channel.finishAndReleaseAll();
  }

  @Test
  void badHeaderBecomesADecodeFailureAndStopsDecoding() {
    EmbeddedChannel channel = channel();
    byte[] bad = KEEPALIVE.clone();
    bad[0] = 0;
    channel.writeInbound(Unpooled.wrappedBuffer(bad));
    channel.writeInbound(Unpooled.wrappedBuffer(KEEPALIVE));
    List<Object> out = inbound(channel);
    assertThat(out).hasSize(1);
    DecodeFailure failure = (DecodeFailure) out.get(0);
    assertThat(failure.notification()).isEqualTo(NotificationMessage.of(1, 1));
    assertThat(failure.reason()).contains("marker");
    channel.checkException();
    channel.finishAndReleaseAll();
  }

  @Test
  void malformedMessageBecomesADecodeFailureAndStopsDecoding() {
    EmbeddedChannel channel = channel();
    byte[] malformed = message(BgpMessage.TYPE_UPDATE, "0010 0000");
    byte[] stream = new byte[malformed.length + KEEPALIVE.length];
    System.arraycopy(malformed, 0, stream, 0, malformed.length);
    System.arraycopy(KEEPALIVE, 0, stream, malformed.length, KEEPALIVE.length);
    channel.writeInbound(Unpooled.wrappedBuffer(stream));
    List<Object> out = inbound(channel);
    assertThat(out).singleElement().isInstanceOf(DecodeFailure.class);
    assertThat(((DecodeFailure) out.get(0)).notification()).isEqualTo(NotificationMessage.of(3, 1));
    channel.writeInbound(Unpooled.wrappedBuffer(KEEPALIVE));
    assertThat(inbound(channel)).isEmpty();
    channel.checkException();
    channel.finishAndReleaseAll();
  }

  @Test
  void encodesMessagesAndPassesPackedBuffersThrough() {
    EmbeddedChannel channel = channel();
    channel.writeOutbound(KeepaliveMessage.INSTANCE);
    ByteBuf packed = Unpooled.wrappedBuffer(UPDATE_4_OCTET_PATH);
    channel.writeOutbound(packed.retainedDuplicate());
    ByteBuf first = channel.readOutbound();
    ByteBuf second = channel.readOutbound();
    assertThat(ByteBufUtil.getBytes(first)).isEqualTo(KEEPALIVE);
    assertThat(ByteBufUtil.getBytes(second)).isEqualTo(UPDATE_4_OCTET_PATH);
    first.release();
    second.release();
    packed.release();
    channel.finishAndReleaseAll();
  }
}
