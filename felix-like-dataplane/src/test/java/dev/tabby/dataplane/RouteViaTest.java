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

/** IPv4 routes via IPv6 gateways (RTA_VIA, struct rtvia), for RFC 8950 routes. */
class RouteViaTest {
  private static final IpPrefix POD_BLOCK = IpPrefix.parse("10.244.1.0/26");
  private static final IpAddress GW6_2 = IpAddress.parse("fd00:12::2");
  private static final IpAddress GW6_3 = IpAddress.parse("fd00:12::3");

  @Test
  void anIpv4RouteMayHaveAnIpv6Gateway() {
    assertThat(Route.via(POD_BLOCK, GW6_2).nextHops().get(0).gateway()).isEqualTo(GW6_2);
  }

  @Test
  void anIpv6GatewayOfAnIpv4RouteIsRtaViaWithItsFamily() {
    Route route = Route.via(POD_BLOCK, GW6_2).withProtocol(81);
    ByteBuffer buffer = Bytes.buffer(1024);

    RouteCodec.add(new MessageWriter(buffer), 7, route);

    // RTA_VIA (18): length 4 + 2 + 16 = 22, AF_INET6 (10) in host order, the address, 2 bytes pad.
    assertThat(Bytes.written(buffer))
        .endsWith(hex("1600 1200 0a00 fd000012000000000000000000000002 0000"));
  }

  @Test
  void singleAndMultipathRoutesViaIpv6ReadBackEqual() {
    List<Route> routes =
        List.of(
            Route.via(POD_BLOCK, GW6_2).withProtocol(81),
            Route.unicast(POD_BLOCK, List.of(NextHop.via(GW6_2, 3), NextHop.via(GW6_3, 3)))
                .withProtocol(81)
                .withMetric(20));
    for (Route route : routes) {
      ByteBuffer buffer = Bytes.buffer(1024);
      RouteCodec.replace(new MessageWriter(buffer), 1, route);

      assertThat(RouteCodec.decode(buffer, 0, buffer.position(), new AttributeCursor()))
          .isEqualTo(route);
    }
  }
}
