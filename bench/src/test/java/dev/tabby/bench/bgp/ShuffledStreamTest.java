package dev.tabby.bench.bgp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.net.InetAddresses;
import dev.tabby.bgp.wire.AddressFamily;
import dev.tabby.bgp.wire.AsPath;
import dev.tabby.bgp.wire.BgpCodec;
import dev.tabby.bgp.wire.BgpProtocolException;
import dev.tabby.bgp.wire.CodecContext;
import dev.tabby.bgp.wire.Origin;
import dev.tabby.bgp.wire.PackedIpv4;
import dev.tabby.bgp.wire.PathAttributes;
import dev.tabby.bgp.wire.UpdateMessage;
import dev.tabby.bgp.wire.UpdatePacker;
import dev.tabby.net.IpPrefix;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ShuffledStreamTest {

  private static final CodecContext CONTEXT =
      new CodecContext(true, Set.of(AddressFamily.IPV4_UNICAST), false);

  @Test
  void dealsTheSamePrefixesOutInAnotherOrderKeepingEachUpdatesAttributesAndSize()
      throws BgpProtocolException {
    byte[] stream = stream(attributes(1), attributes(2), 600, 1000);
    List<UpdateMessage> before = decode(stream);

    byte[] shuffled = ShuffledStream.shuffle(stream, 7);
    List<UpdateMessage> after = decode(shuffled);

    assertThat(shuffled).hasSameSizeAs(stream);
    assertThat(after).hasSameSizeAs(before);
    for (int i = 0; i < before.size(); i++) {
      UpdateMessage was = before.get(i);
      UpdateMessage is = after.get(i);
      assertThat(is.reach().get(0).attributes()).isEqualTo(was.reach().get(0).attributes());
      assertThat(is.reach().get(0).prefixes()).hasSameSizeAs(was.reach().get(0).prefixes());
    }
    assertThat(prefixes(after)).containsExactlyInAnyOrderElementsOf(prefixes(before));
    assertThat(prefixes(after)).isNotEqualTo(prefixes(before));
    assertThat(ShuffledStream.shuffle(stream, 7)).isEqualTo(shuffled);
  }

  @Test
  void refusesAStreamThatEndsInsideAMessage() {
    byte[] stream = stream(attributes(1), attributes(2), 10, 20);
    byte[] cut = Arrays.copyOf(stream, stream.length - 3);

    assertThatThrownBy(() -> ShuffledStream.shuffle(cut, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bad message length");
  }

  /**
   * UPDATEs announcing /28s 0 to {@code split - 1} with {@code first}, the rest to {@code total}.
   */
  private static byte[] stream(PathAttributes first, PathAttributes second, int split, int total) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    write(out, first, 0, split);
    write(out, second, split, total);
    return out.toByteArray();
  }

  /** /28s number {@code from} to {@code to - 1} of 10.0.0.0/8, packed into full UPDATEs. */
  private static void write(
      ByteArrayOutputStream out, PathAttributes attributes, int from, int to) {
    long[] packed = new long[to];
    for (int i = from; i < to; i++) {
      packed[i] = PackedIpv4.pack(0x0A00_0000 + 16 * i, 28);
    }
    ByteBuf encoded =
        UpdatePacker.announceIpv4(attributes, packed, from, to, CONTEXT, ByteBufAllocator.DEFAULT);
    try {
      out.writeBytes(ByteBufUtil.getBytes(encoded));
    } finally {
      encoded.release();
    }
  }

  private static PathAttributes attributes(int med) {
    return PathAttributes.builder()
        .origin(Origin.IGP)
        .asPath(AsPath.sequence(65_001))
        .nextHop(InetAddresses.forString("192.0.2.1"))
        .med(med)
        .build();
  }

  private static List<UpdateMessage> decode(byte[] stream) throws BgpProtocolException {
    ByteBuf in = Unpooled.wrappedBuffer(stream);
    List<UpdateMessage> updates = new ArrayList<>();
    while (in.isReadable()) {
      int length = in.getUnsignedShort(in.readerIndex() + 16);
      updates.add((UpdateMessage) BgpCodec.decode(in.readSlice(length), CONTEXT));
    }
    return updates;
  }

  private static List<IpPrefix> prefixes(List<UpdateMessage> updates) {
    return updates.stream().flatMap(u -> u.reach().get(0).prefixes().stream()).toList();
  }
}
