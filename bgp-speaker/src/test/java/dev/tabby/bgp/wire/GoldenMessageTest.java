package dev.tabby.bgp.wire;

import static dev.tabby.bgp.wire.WireTestSupport.FOUR_OCTET;
import static dev.tabby.bgp.wire.WireTestSupport.TWO_OCTET;
import static dev.tabby.bgp.wire.WireTestSupport.decode;
import static dev.tabby.bgp.wire.WireTestSupport.encode;
import static dev.tabby.bgp.wire.WireTestSupport.hex;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.net.InetAddresses;
import dev.tabby.bgp.wire.UpdateMessage.Reach;
import dev.tabby.net.IpPrefix;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every message type against bytes assembled by hand from the RFC layouts: decoding the bytes gives
 * the message, encoding the message gives the bytes.
 */
class GoldenMessageTest {
  private static final String MARKER = WireTestSupport.MARKER;
  private static final Inet4Address ID = (Inet4Address) InetAddresses.forString("10.0.0.1");

  /** Decodes, compares, encodes and compares back. */
  private static void assertGolden(String hexMessage, BgpMessage expected, CodecContext context)
      throws BgpProtocolException {
    assertThat(decode(hex(hexMessage), context)).isEqualTo(expected);
    assertThat(encode(expected, context)).isEqualTo(hex(hex(hexMessage)));
  }

  @Test
  void keepalive() throws Exception {
    assertGolden(MARKER + "0013 04", KeepaliveMessage.INSTANCE, TWO_OCTET);
  }

  @Test
  void notificationWithShutdownCommunication() throws Exception {
    assertGolden(
        MARKER + "0019 03 | 06 02 | 03 627965",
        NotificationMessage.cease(NotificationCodes.ADMINISTRATIVE_SHUTDOWN, "bye"),
        TWO_OCTET);
    assertGolden(MARKER + "0015 03 | 04 00", NotificationMessage.of(4, 0), TWO_OCTET);
  }

  @Test
  void routeRefresh() throws Exception {
    assertGolden(
        MARKER + "0017 05 | 0002 00 01",
        RouteRefreshMessage.of(AddressFamily.IPV6_UNICAST),
        TWO_OCTET);
  }

  @Test
  void openWithCapabilities() throws Exception {
    OpenMessage open =
        OpenMessage.of(
            65001,
            90,
            ID,
            Capabilities.builder()
                .multiprotocol(AddressFamily.IPV4_UNICAST)
                .multiprotocol(AddressFamily.IPV6_UNICAST)
                .routeRefresh(true)
                .fourOctetAs(65001)
                .build());
    assertGolden(
        MARKER
            + "0033 01 | 04 fde9 005a 0a000001 | 16"
            + "| 02 14 | 01 04 0001 00 01 | 01 04 0002 00 01 | 02 00 | 41 04 0000fde9",
        open,
        TWO_OCTET);
  }

  @Test
  void openWithoutCapabilities() throws Exception {
    assertGolden(
        MARKER + "001d 01 | 04 fde9 00b4 0a000001 | 00",
        OpenMessage.of(65001, 180, ID, Capabilities.NONE),
        TWO_OCTET);
  }

  @Test
  void openWithFourOctetAsWritesAsTransAndGracefulRestart() throws Exception {
    Map<AddressFamily, Boolean> families = new LinkedHashMap<>();
    families.put(AddressFamily.IPV4_UNICAST, true);
    families.put(AddressFamily.IPV6_UNICAST, false);
    OpenMessage open =
        OpenMessage.of(
            4200000000L,
            0,
            ID,
            Capabilities.builder()
                .gracefulRestart(new GracefulRestart(true, 120, families, false))
                .fourOctetAs(4200000000L)
                .unknown(new UnknownCapability(73, hex("0568616c6c6f"))) // FQDN-like
                .build());
    assertGolden(
        MARKER
            + "0039 01 | 04 5ba0 0000 0a000001 | 1c | 02 1a"
            + "| 40 0a 8078 0001 01 80 0002 01 00 | 41 04 fa56ea00 | 49 06 0568616c6c6f",
        open,
        TWO_OCTET);
  }

  @Test
  void gracefulRestartNotificationBitIsTheSecondFlag() throws Exception {
    OpenMessage open =
        openFrom65001(
            Capabilities.builder()
                .gracefulRestart(
                    new GracefulRestart(false, 120, Map.of(AddressFamily.IPV4_UNICAST, true), true))
                .build());
    assertGolden(
        MARKER + "0027 01 | 04 fde9 00b4 0a000001 | 0a | 02 08 | 40 06 4078 0001 01 80",
        open,
        TWO_OCTET);
  }

  @Test
  void longLivedGracefulRestartListsFamilyFlagsAndA24BitStaleTime() throws Exception {
    OpenMessage open =
        openFrom65001(
            Capabilities.builder()
                .longLivedGracefulRestart(
                    new LongLivedGracefulRestart(
                        Map.of(
                            AddressFamily.IPV4_UNICAST,
                            new LongLivedGracefulRestart.Family(true, 3600))))
                .build());
    assertGolden(
        MARKER + "0028 01 | 04 fde9 00b4 0a000001 | 0b | 02 09 | 47 07 0001 01 80 000e10",
        open,
        TWO_OCTET);
  }

  /** AS 65001's OPEN with a 180 s hold time: the golden bytes start {@code 04 fde9 00b4}. */
  private static OpenMessage openFrom65001(Capabilities capabilities) {
    return OpenMessage.of(65001, 180, ID, capabilities);
  }

  @Test
  void updateIpv4WithWithdrawnAndMandatoryAttributes() throws Exception {
    PathAttributes attributes =
        PathAttributes.builder()
            .asPath(AsPath.sequence(65001, 65002))
            .nextHop(InetAddresses.forString("10.0.0.1"))
            .med(100)
            .localPref(200)
            .build();
    UpdateMessage update =
        UpdateMessage.of(
            List.of(IpPrefix.parse("10.1.0.0/16")),
            List.of(
                new Reach(
                    attributes,
                    List.of(IpPrefix.parse("10.2.0.0/24"), IpPrefix.parse("192.168.0.0/16")))));
    assertGolden(
        MARKER
            + "0043 02 | 0003 100a01 | 0022"
            + "| 40 01 01 00 | 40 02 06 02 02 fde9 fdea | 40 03 04 0a000001"
            + "| 80 04 04 00000064 | 40 05 04 000000c8"
            + "| 18 0a0200 | 10 c0a8",
        update,
        TWO_OCTET);
  }

  @Test
  void updateWithEveryAttributeType() throws Exception {
    String attributes =
        "40 01 01 02" // ORIGIN INCOMPLETE
            + "| 40 02 10 02 02 0000fde9 fa56ea00 01 01 0000fdeb" // AS_PATH, 4-octet
            + "| 40 03 04 c0000201" // NEXT_HOP 192.0.2.1
            + "| 80 04 04 00000000" // MULTI_EXIT_DISC 0
            + "| 40 05 04 00000064" // LOCAL_PREF 100
            + "| 40 06 00" // ATOMIC_AGGREGATE
            + "| c0 07 08 0000fde9 c0000202" // AGGREGATOR 65001 192.0.2.2
            + "| c0 08 08 fde90064 ffffff01" // COMMUNITIES 65001:100 no-export
            + "| 80 09 04 0a000005" // ORIGINATOR_ID 10.0.0.5
            + "| 80 0a 08 0a000006 0a000007" // CLUSTER_LIST 10.0.0.6 10.0.0.7
            + "| c0 10 08 0002fde900000064" // EXTENDED_COMMUNITIES route target 65001:100
            + "| c0 20 0c fa56ea00 00000001 00000002"; // LARGE_COMMUNITIES
    String unknownReceived = "| c0 63 02 0102"; // optional transitive type 99
    String unknownSent = "| e0 63 02 0102"; // ... passed on with Partial set
    PathAttributes expected =
        PathAttributes.builder()
            .origin(Origin.INCOMPLETE)
            .asPath(
                AsPath.of(
                    List.of(
                        new AsPath.Segment(
                            AsPath.SegmentType.SEQUENCE, new long[] {65001, 4200000000L}),
                        new AsPath.Segment(AsPath.SegmentType.SET, new long[] {65003}))))
            .nextHop(InetAddresses.forString("192.0.2.1"))
            .med(0)
            .localPref(100)
            .atomicAggregate(true)
            .aggregator(new Aggregator(65001, (Inet4Address) InetAddresses.forString("192.0.2.2")))
            .communities(0xFDE90064, Communities.NO_EXPORT)
            .originatorId((Inet4Address) InetAddresses.forString("10.0.0.5"))
            .clusterList(0x0A000006, 0x0A000007)
            .extendedCommunities(0x0002FDE900000064L)
            .largeCommunities(List.of(new LargeCommunity(4200000000L, 1, 2)))
            .unknownAttributes(List.of(new UnknownAttribute(0xC0, 99, hex("0102"))))
            .build();
    UpdateMessage decoded =
        (UpdateMessage)
            decode(
                WireTestSupport.update("", attributes + unknownReceived, "18 c00002"), FOUR_OCTET);
    assertThat(decoded.reach()).hasSize(1);
    assertThat(decoded.reach().get(0).attributes()).isEqualTo(expected);
    assertThat(decoded.reach().get(0).prefixes()).containsExactly(IpPrefix.parse("192.0.2.0/24"));
    assertThat(decoded.withdrawn()).isEmpty();
    assertThat(decoded.treatAsWithdrawReason()).isEmpty();
    assertThat(decoded.discardedAttributes()).isEmpty();
    assertThat(encode(decoded, FOUR_OCTET))
        .isEqualTo(hex(WireTestSupport.update("", attributes + unknownSent, "18 c00002")));
  }

  @Test
  void updateIpv6InMpReachWithLinkLocalNextHop() throws Exception {
    PathAttributes attributes =
        PathAttributes.builder()
            .asPath(AsPath.sequence(65001))
            .nextHop(InetAddresses.forString("2001:db8::1"))
            .linkLocalNextHop((Inet6Address) InetAddresses.forString("fe80::1"))
            .build();
    UpdateMessage update =
        UpdateMessage.announce(
            attributes,
            List.of(IpPrefix.parse("2001:db8::/32"), IpPrefix.parse("2001:db8:1::/48")));
    assertGolden(
        MARKER
            + "0059 02 | 0000 | 0042"
            + "| 90 0e 0031 | 0002 01 | 20 20010db8000000000000000000000001"
            + "  fe800000000000000000000000000001 | 00 | 20 20010db8 | 30 20010db80001"
            + "| 40 01 01 00 | 40 02 06 02 01 0000fde9",
        update,
        FOUR_OCTET);
  }

  @Test
  void updateIpv6WithGlobalNextHopOnlyAndWithdrawals() throws Exception {
    UpdateMessage update =
        UpdateMessage.of(
            List.of(IpPrefix.parse("2001:db8:2::/48")),
            List.of(
                new Reach(
                    PathAttributes.builder()
                        .nextHop(InetAddresses.forString("2001:db8::1"))
                        .build(),
                    List.of(IpPrefix.parse("::/0")))));
    assertGolden(
        MARKER
            + "0046 02 | 0000 | 002f"
            + "| 90 0f 000a | 0002 01 | 30 20010db80002"
            + "| 90 0e 0016 | 0002 01 | 10 20010db8000000000000000000000001 | 00 | 00"
            + "| 40 01 01 00 | 40 02 00",
        update,
        FOUR_OCTET);
  }

  @Test
  void withdrawOnlyIpv4() throws Exception {
    assertGolden(
        MARKER + "0020 02 | 0009 | 18 0a0000 | 20 0a000001 | 0000",
        UpdateMessage.withdraw(
            List.of(IpPrefix.parse("10.0.0.0/24"), IpPrefix.parse("10.0.0.1/32"))),
        TWO_OCTET);
  }

  @Test
  void endOfRib() throws Exception {
    assertGolden(
        MARKER + "0017 02 | 0000 0000",
        UpdateMessage.endOfRib(AddressFamily.IPV4_UNICAST),
        TWO_OCTET);
    assertGolden(
        MARKER + "001e 02 | 0000 0007 | 90 0f 0003 0002 01",
        UpdateMessage.endOfRib(AddressFamily.IPV6_UNICAST),
        TWO_OCTET);
    // Most speakers send the IPv6 End-of-RIB without the extended length bit.
    assertThat(decode(hex(MARKER + "001d 02 | 0000 0006 | 80 0f 03 0002 01"), TWO_OCTET))
        .isEqualTo(UpdateMessage.endOfRib(AddressFamily.IPV6_UNICAST));
  }
}
