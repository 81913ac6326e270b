package dev.tabby.bgp.wire;

import static dev.tabby.bgp.wire.WireTestSupport.FOUR_OCTET;
import static dev.tabby.bgp.wire.WireTestSupport.TWO_OCTET;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.net.InetAddresses;
import dev.tabby.net.IpPrefix;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Mutated valid messages (bit flips, truncation, length fields overwritten, bytes overwritten):
 * decoding yields a message or a {@link BgpProtocolException}, never another exception; whatever
 * decodes can be encoded and decoded again; and the Netty pipeline never throws.
 */
class CodecFuzzTest {
  private static final List<byte[]> SEEDS = seeds();

  private static List<byte[]> seeds() {
    Inet4Address id = (Inet4Address) InetAddresses.forString("10.0.0.1");
    PathAttributes rich =
        PathAttributes.builder()
            .origin(Origin.EGP)
            .asPath(
                AsPath.of(
                    List.of(
                        new AsPath.Segment(AsPath.SegmentType.CONFED_SEQUENCE, new long[] {65100}),
                        new AsPath.Segment(
                            AsPath.SegmentType.SEQUENCE, new long[] {65001, 4200000000L}),
                        new AsPath.Segment(AsPath.SegmentType.SET, new long[] {65003, 70000}))))
            .nextHop(InetAddresses.forString("192.0.2.1"))
            .med(5)
            .localPref(100)
            .atomicAggregate(true)
            .aggregator(new Aggregator(4200000000L, id))
            .communities(Communities.NO_EXPORT, 0xFDE90064)
            .largeCommunities(List.of(new LargeCommunity(1, 2, 3)))
            .extendedCommunities(0x0002FDE900000064L)
            .originatorId(id)
            .clusterList(0x0A000006)
            .unknownAttributes(List.of(new UnknownAttribute(0xC0, 99, new byte[] {1, 2, 3})))
            .build();
    PathAttributes v6 =
        rich.toBuilder()
            .nextHop(InetAddresses.forString("2001:db8::1"))
            .linkLocalNextHop((Inet6Address) InetAddresses.forString("fe80::1"))
            .build();
    List<BgpMessage> messages =
        List.of(
            KeepaliveMessage.INSTANCE,
            NotificationMessage.cease(NotificationCodes.ADMINISTRATIVE_SHUTDOWN, "bye"),
            RouteRefreshMessage.of(AddressFamily.IPV4_UNICAST),
            OpenMessage.of(
                4200000000L,
                90,
                id,
                Capabilities.builder()
                    .multiprotocol(AddressFamily.IPV4_UNICAST)
                    .multiprotocol(AddressFamily.IPV6_UNICAST)
                    .routeRefresh(true)
                    .gracefulRestart(
                        new GracefulRestart(
                            true, 120, Map.of(AddressFamily.IPV4_UNICAST, true), false))
                    .fourOctetAs(4200000000L)
                    .unknown(new UnknownCapability(73, new byte[] {1, 'a'}))
                    .build()),
            UpdateMessage.of(
                List.of(IpPrefix.parse("10.9.0.0/16"), IpPrefix.parse("2001:db8:9::/48")),
                List.of(
                    new UpdateMessage.Reach(
                        rich,
                        List.of(IpPrefix.parse("10.1.0.0/24"), IpPrefix.parse("10.2.3.4/32"))),
                    new UpdateMessage.Reach(v6, List.of(IpPrefix.parse("2001:db8::/32"))))),
            UpdateMessage.endOfRib(AddressFamily.IPV6_UNICAST),
            UpdateMessage.endOfRib(AddressFamily.IPV4_UNICAST));
    List<byte[]> seeds = new ArrayList<>();
    for (BgpMessage message : messages) {
      for (CodecContext context : List.of(TWO_OCTET, FOUR_OCTET)) {
        ByteBuf encoded = BgpCodec.encode(message, context, UnpooledByteBufAllocator.DEFAULT);
        seeds.add(ByteBufUtil.getBytes(encoded));
        encoded.release();
      }
    }
    return seeds;
  }

  @Provide
  Arbitrary<byte[]> mutated() {
    return Arbitraries.of(SEEDS)
        .flatMap(
            seed ->
                Arbitraries.oneOf(
                    bitFlips(seed),
                    truncated(seed),
                    lengthOverwritten(seed),
                    byteOverwritten(seed)));
  }

  private static Arbitrary<byte[]> bitFlips(byte[] seed) {
    return Arbitraries.integers()
        .between(0, seed.length * 8 - 1)
        .list()
        .ofMinSize(1)
        .ofMaxSize(6)
        .map(
            bits -> {
              byte[] copy = seed.clone();
              bits.forEach(bit -> copy[bit / 8] ^= (byte) (1 << (bit % 8)));
              return copy;
            });
  }

  private static Arbitrary<byte[]> truncated(byte[] seed) {
    return Arbitraries.integers().between(0, seed.length - 1).map(n -> Arrays.copyOf(seed, n));
  }

  /** Two bytes anywhere set to a small, a boundary or any value: hits every length field. */
  private static Arbitrary<byte[]> lengthOverwritten(byte[] seed) {
    Arbitrary<Integer> value =
        Arbitraries.oneOf(
            Arbitraries.integers().between(0, 64),
            Arbitraries.of(255, 256, 4095, 4096, 4097, 65535),
            Arbitraries.integers().between(0, 65535));
    return Arbitraries.integers()
        .between(0, seed.length - 2)
        .flatMap(
            at ->
                value.map(
                    v -> {
                      byte[] copy = seed.clone();
                      copy[at] = (byte) (v >> 8);
                      copy[at + 1] = (byte) (int) v;
                      return copy;
                    }));
  }

  private static Arbitrary<byte[]> byteOverwritten(byte[] seed) {
    return Arbitraries.integers()
        .between(0, seed.length - 1)
        .flatMap(
            at ->
                Arbitraries.integers()
                    .between(0, 255)
                    .map(
                        v -> {
                          byte[] copy = seed.clone();
                          copy[at] = (byte) (int) v;
                          return copy;
                        }));
  }

  /** Most mutations are caught by the header; fixing its length reaches the body parsers. */
  private static byte[] withHeaderLengthFixed(byte[] bytes) {
    byte[] copy = bytes.clone();
    if (copy.length >= 19) {
      copy[16] = (byte) (copy.length >> 8);
      copy[17] = (byte) copy.length;
    }
    return copy;
  }

  @Property(tries = 800)
  void decodingYieldsAMessageOrAProtocolException(
      @ForAll("mutated") byte[] mutated, @ForAll boolean fixLength, @ForAll boolean fourOctet) {
    byte[] bytes = fixLength ? withHeaderLengthFixed(mutated) : mutated;
    CodecContext context = fourOctet ? FOUR_OCTET : TWO_OCTET;
    BgpMessage decoded;
    try {
      decoded = BgpCodec.decode(Unpooled.wrappedBuffer(bytes), context);
    } catch (BgpProtocolException e) {
      assertThat(e.notification().code()).isBetween(1, 3);
      assertThat(e.getMessage()).isNotBlank();
      return;
    }
    assertThat(decoded).isNotNull();
    assertReencodable(decoded, context);
  }

  /**
   * What we decoded we can send on and decode again to the same prefixes, unless it cannot be sent
   * as one message (e.g. IPv4 both in NLRI and in MP_REACH_NLRI), which encode refuses plainly.
   */
  private static void assertReencodable(BgpMessage decoded, CodecContext context) {
    ByteBuf encoded;
    try {
      encoded = BgpCodec.encode(decoded, context, UnpooledByteBufAllocator.DEFAULT);
    } catch (IllegalArgumentException e) {
      return;
    }
    try {
      BgpMessage again = BgpCodec.decode(encoded, context);
      if (decoded instanceof UpdateMessage first) {
        UpdateMessage second = (UpdateMessage) again;
        assertThat(second.withdrawn()).containsExactlyInAnyOrderElementsOf(first.withdrawn());
        assertThat(second.reach().stream().flatMap(r -> r.prefixes().stream()))
            .containsExactlyInAnyOrderElementsOf(
                first.reach().stream().flatMap(r -> r.prefixes().stream()).toList());
        assertThat(second.endOfRib()).isEqualTo(first.endOfRib());
      } else {
        assertThat(again).isEqualTo(decoded);
      }
    } catch (BgpProtocolException e) {
      throw new AssertionError("re-encoded " + decoded + " does not decode: " + e, e);
    } finally {
      encoded.release();
    }
  }

  @Property(tries = 300)
  void pipelineNeverThrowsAndStopsAfterAFailure(
      @ForAll("mutated") byte[] mutated,
      @ForAll @IntRange(min = 0, max = 13) int validBefore,
      @ForAll @IntRange(min = 1, max = 97) int chunk) {
    ByteArrayOutputStream stream = new ByteArrayOutputStream();
    for (int i = 0; i < validBefore; i++) {
      stream.writeBytes(SEEDS.get(i));
    }
    stream.writeBytes(mutated);
    stream.writeBytes(SEEDS.get(0));
    byte[] bytes = stream.toByteArray();

    EmbeddedChannel channel =
        new EmbeddedChannel(
            new BgpFrameDecoder(), new BgpMessageDecoder(), new BgpMessageEncoder());
    channel.attr(CodecContext.KEY).set(validBefore % 2 == 0 ? TWO_OCTET : FOUR_OCTET);
    for (int at = 0; at < bytes.length; at += chunk) {
      int end = Math.min(bytes.length, at + chunk);
      channel.writeInbound(Unpooled.wrappedBuffer(bytes, at, end - at));
    }
    channel.checkException();
    List<Object> out = new ArrayList<>();
    for (Object o = channel.readInbound(); o != null; o = channel.readInbound()) {
      out.add(o);
    }
    assertThat(out).allMatch(o -> o instanceof BgpMessage || o instanceof DecodeFailure);
    int failure = indexOfFailure(out);
    if (failure >= 0) {
      assertThat(failure).as("nothing is decoded after a failure").isEqualTo(out.size() - 1);
    }
    assertThat(out.size()).isGreaterThanOrEqualTo(Math.min(validBefore, 1));
    channel.finishAndReleaseAll();
  }

  private static int indexOfFailure(List<Object> out) {
    for (int i = 0; i < out.size(); i++) {
      if (out.get(i) instanceof DecodeFailure) {
        return i;
      }
    }
    return -1;
  }
}
