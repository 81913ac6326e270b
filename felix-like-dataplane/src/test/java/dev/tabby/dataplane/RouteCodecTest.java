package dev.tabby.dataplane;

import static dev.tabby.dataplane.Bytes.hex;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tabby.dataplane.netlink.AttributeCursor;
import dev.tabby.dataplane.netlink.MessageWriter;
import dev.tabby.net.IpAddress;
import dev.tabby.net.IpPrefix;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class RouteCodecTest {
  private static final IpAddress GW1 = IpAddress.parse("192.0.2.2");
  private static final IpAddress GW2 = IpAddress.parse("192.0.2.3");

  private static byte[] encode(java.util.function.Consumer<MessageWriter> encoder) {
    ByteBuffer buffer = Bytes.buffer(1024);
    encoder.accept(new MessageWriter(buffer));
    return Bytes.written(buffer);
  }

  @Test
  void addViaGatewayIsRtmsgThenTableDestinationPriorityGateway() {
    Route route = Route.via(IpPrefix.parse("10.1.0.0/24"), GW1).withProtocol(81);

    byte[] bytes = encode(w -> RouteCodec.add(w, 7, route));

    assertThat(bytes)
        .isEqualTo(
            hex(
                """
                3c000000 1800 0506 07000000 00000000
                02 18 00 00 fe 51 00 01 00000000
                0800 0f00 fe000000
                0800 0100 0a010000
                0800 0600 00000000
                0800 0500 c0000202
                """));
  }

  @Test
  void replaceOfAMultipathRouteNestsOneRtnexthopPerHopWithWeightMinusOne() {
    Route route =
        Route.unicast(
                IpPrefix.parse("10.4.0.0/24"),
                List.of(NextHop.via(GW1, 3), NextHop.via(GW2).withWeight(2)))
            .inTable(100)
            .withProtocol(81)
            .withMetric(5);

    byte[] bytes = encode(w -> RouteCodec.replace(w, 1, route));

    assertThat(bytes)
        .isEqualTo(
            hex(
                """
                58000000 1800 0505 01000000 00000000
                02 18 00 00 64 51 00 01 00000000
                0800 0f00 64000000
                0800 0100 0a040000
                0800 0600 05000000
                2400 0900
                  1000 00 00 03000000 0800 0500 c0000202
                  1000 00 01 00000000 0800 0500 c0000203
                """));
  }

  @Test
  void deviceRoutesHaveLinkScopeAndBlackholesNoNextHop() {
    byte[] device =
        encode(w -> RouteCodec.add(w, 1, Route.device(IpPrefix.parse("10.6.0.0/24"), 4)));
    byte[] blackhole =
        encode(w -> RouteCodec.add(w, 1, Route.blackhole(IpPrefix.parse("10.7.0.0/24"))));

    assertThat(device[16 + 6]).isEqualTo((byte) 253);
    assertThat(device).endsWith(hex("0800 0400 04000000"));
    assertThat(blackhole[16 + 7]).isEqualTo((byte) 6);
    assertThat(blackhole).hasSize(16 + 12 + 24);
  }

  @Test
  void deleteNamesOnlyTheKeyAndProtocolWithScopeNowhere() {
    Route route = Route.via(IpPrefix.parse("10.1.0.0/24"), GW1).withProtocol(81);

    byte[] bytes = encode(w -> RouteCodec.delete(w, 9, route));

    assertThat(bytes)
        .isEqualTo(
            hex(
                """
                34000000 1900 0500 09000000 00000000
                02 18 00 00 fe 51 ff 00 00000000
                0800 0f00 fe000000
                0800 0100 0a010000
                0800 0600 00000000
                """));
  }

  @Test
  void decodesAKernelIpv6MultipathRouteWithMtu() {
    ByteBuffer message =
        ByteBuffer.wrap(
                hex(
                    """
                    88000000 1800 0200 00000000 00000000
                    0a 40 00 00 fe 51 00 01 00000000
                    0800 0f00 fe000000
                    1400 0100 20010db8000200000000000000000000
                    0800 0600 00040000
                    0c00 0800 0800 0200 78050000
                    3c00 0900
                      1c00 00 00 03000000 1400 0500 20010db8000000000000000000000002
                      1c00 00 02 03000000 1400 0500 20010db8000000000000000000000003
                    """))
            .order(java.nio.ByteOrder.LITTLE_ENDIAN);

    Route route = RouteCodec.decode(message, 0, message.capacity(), new AttributeCursor());

    assertThat(route)
        .isEqualTo(
            Route.unicast(
                    IpPrefix.parse("2001:db8:2::/64"),
                    List.of(
                        NextHop.via(IpAddress.parse("2001:db8::2"), 3),
                        NextHop.via(IpAddress.parse("2001:db8::3"), 3).withWeight(3)))
                .withProtocol(81)
                .withMtu(1400));
    assertThat(route.metric()).isEqualTo(1024);
  }

  @Test
  void encodeThenDecodeGivesTheSameRoute() {
    Route route =
        Route.unicast(
                IpPrefix.parse("10.9.0.0/16"), List.of(NextHop.via(GW1, 2), NextHop.via(GW2, 2)))
            .inTable(1000)
            .withProtocol(81)
            .withMetric(20)
            .withMtu(9000);
    ByteBuffer buffer = Bytes.buffer(1024);
    RouteCodec.replace(new MessageWriter(buffer), 1, route);

    assertThat(RouteCodec.decode(buffer, 0, buffer.position(), new AttributeCursor()))
        .isEqualTo(route);
  }

  @Test
  void skipsKindsTabbyDoesNotManage() {
    ByteBuffer local =
        ByteBuffer.wrap(
                hex(
                    "24000000 1800 0200 00000000 00000000 02 20 00 00 ff 02 fe 02 00000000 0800 0100 7f000001"))
            .order(java.nio.ByteOrder.LITTLE_ENDIAN);

    assertThat(RouteCodec.decode(local, 0, local.capacity(), new AttributeCursor())).isNull();
  }
}
