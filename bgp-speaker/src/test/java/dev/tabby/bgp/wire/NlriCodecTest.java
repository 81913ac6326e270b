package dev.tabby.bgp.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tabby.net.IpPrefix;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NlriCodecTest {
  @Test
  void packedIpv4ReadingYieldsTheSamePrefixesAsReadingObjects() {
    Random random = new Random(7);
    List<IpPrefix> written = new ArrayList<>();
    ByteBuf field = Unpooled.buffer();
    for (int i = 0; i < 1_000; i++) {
      IpPrefix prefix = IpPrefix.ipv4(random.nextInt(), random.nextInt(33));
      written.add(prefix);
      NlriCodec.write(field, prefix);
    }
    List<IpPrefix> objects = new ArrayList<>();

    assertThat(NlriCodec.check(field, AddressFamily.IPV4_UNICAST)).isNull();
    assertThat(NlriCodec.read(field.duplicate(), AddressFamily.IPV4_UNICAST, objects)).isNull();
    List<IpPrefix> packed = NlriCodec.readIpv4(field);

    assertThat(packed).isEqualTo(objects).isEqualTo(written).hasSameHashCodeAs(written);
    assertThat(field.isReadable()).isFalse();
    assertThatThrownBy(() -> packed.add(written.get(0)))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void checkNamesWhatIsWrongAndReadsNothing() {
    ByteBuf tooLong = Unpooled.wrappedBuffer(new byte[] {33, 10, 0, 0, 0, 0});
    ByteBuf cut = Unpooled.wrappedBuffer(new byte[] {24, 10, 0});

    assertThat(NlriCodec.check(tooLong, AddressFamily.IPV4_UNICAST))
        .isEqualTo("prefix length 33 exceeds 32 for " + AddressFamily.IPV4_UNICAST);
    assertThat(NlriCodec.check(cut, AddressFamily.IPV4_UNICAST))
        .isEqualTo("prefix of length 24 needs 3 bytes, 2 left");
    assertThat(cut.readerIndex()).isZero();
  }

  @Test
  void aReachKeepsDecodedPrefixesWithoutCopyingThem() {
    ByteBuf field = Unpooled.buffer();
    NlriCodec.write(field, IpPrefix.parse("10.0.0.0/28"));
    List<IpPrefix> decoded = NlriCodec.readIpv4(field);

    UpdateMessage.Reach reach = new UpdateMessage.Reach(PathAttributes.builder().build(), decoded);

    assertThat(reach.prefixes()).isSameAs(decoded).containsExactly(IpPrefix.parse("10.0.0.0/28"));
  }
}
