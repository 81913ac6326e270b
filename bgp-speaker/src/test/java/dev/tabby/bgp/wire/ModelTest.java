package dev.tabby.bgp.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.net.InetAddresses;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelTest {
  @Test
  void communitiesParseAndFormat() {
    assertThat(Communities.parse("65000:100")).isEqualTo(0xFDE80064);
    assertThat(Communities.format(0xFDE80064)).isEqualTo("65000:100");
    assertThat(Communities.parse("no-export")).isEqualTo(Communities.NO_EXPORT);
    assertThat(Communities.NO_EXPORT).isEqualTo(0xFFFFFF01);
    assertThat(Communities.NO_ADVERTISE).isEqualTo(0xFFFFFF02);
    assertThat(Communities.NO_EXPORT_SUBCONFED).isEqualTo(0xFFFFFF03);
    assertThat(Communities.format(Communities.NO_EXPORT)).isEqualTo("65535:65281");
    assertThatThrownBy(() -> Communities.parse("65536:1")).hasMessageContaining("0..65535");
    assertThatThrownBy(() -> Communities.parse("100")).hasMessageContaining("asn:value");
    assertThatThrownBy(() -> Communities.parse("a:b")).hasMessageContaining("0..65535");
  }

  @Test
  void largeCommunities() {
    LargeCommunity c = LargeCommunity.parse("4200000000:1:2");
    assertThat(c).isEqualTo(new LargeCommunity(4200000000L, 1, 2)).hasToString("4200000000:1:2");
    assertThatThrownBy(() -> new LargeCommunity(1L << 32, 0, 0))
        .hasMessageContaining("0..4294967295");
    assertThatThrownBy(() -> LargeCommunity.parse("1:2")).hasMessageContaining("global:local1");
  }

  @Test
  void notificationsReadLikeTheRfc() {
    assertThat(NotificationMessage.of(4, 0)).hasToString("Hold Timer Expired");
    assertThat(NotificationMessage.of(3, 11))
        .hasToString("UPDATE Message Error / Malformed AS_PATH");
    assertThat(NotificationMessage.of(6, 2)).hasToString("Cease / Administrative Shutdown");
    assertThat(NotificationMessage.of(2, 7))
        .hasToString("OPEN Message Error / Unsupported Capability");
    assertThat(NotificationMessage.of(6, 7)).hasToString("Cease / Connection Collision Resolution");
    assertThat(NotificationMessage.of(5, 3))
        .hasToString("Finite State Machine Error / Unexpected Message in Established State");
    assertThat(new NotificationMessage(1, 2, new byte[] {0, 18}))
        .hasToString("Message Header Error / Bad Message Length (data 0012)");
    assertThat(NotificationMessage.of(9, 1)).hasToString("Unknown Error 9 / 1");
    assertThat(NotificationMessage.of(3, 99)).hasToString("UPDATE Message Error / subcode 99");
  }

  @Test
  void ceaseCarriesAShutdownCommunication() {
    NotificationMessage n =
        NotificationMessage.cease(NotificationCodes.ADMINISTRATIVE_SHUTDOWN, "maintenance");
    assertThat(n.data()[0]).isEqualTo((byte) 11);
    assertThat(n.shutdownCommunication()).isEqualTo("maintenance");
    assertThat(n).hasToString("Cease / Administrative Shutdown: \"maintenance\"");
    NotificationMessage longOne =
        NotificationMessage.cease(NotificationCodes.ADMINISTRATIVE_RESET, "é".repeat(200));
    assertThat(longOne.dataLength()).isEqualTo(255);
    assertThat(longOne.shutdownCommunication()).hasSize(127);
  }

  @Test
  void notificationEqualityCoversData() {
    assertThat(new NotificationMessage(3, 1, new byte[] {1}))
        .isEqualTo(new NotificationMessage(3, 1, new byte[] {1}))
        .hasSameHashCodeAs(new NotificationMessage(3, 1, new byte[] {1}))
        .isNotEqualTo(new NotificationMessage(3, 1, new byte[] {2}));
    assertThatThrownBy(() -> NotificationMessage.of(256, 0)).hasMessageContaining("0..255");
  }

  @Test
  void pathAttributesAreValuesWithABuilder() {
    PathAttributes a =
        PathAttributes.builder()
            .origin(Origin.EGP)
            .asPath(AsPath.sequence(65001))
            .nextHop(InetAddresses.forString("192.0.2.1"))
            .med(10)
            .localPref(200)
            .atomicAggregate(true)
            .aggregator(new Aggregator(65001, (Inet4Address) InetAddresses.forString("192.0.2.2")))
            .communities(Communities.NO_EXPORT)
            .largeCommunities(List.of(new LargeCommunity(1, 2, 3)))
            .extendedCommunities(0x0002FDE900000064L)
            .originatorId((Inet4Address) InetAddresses.forString("10.0.0.5"))
            .clusterList(0x0A000006)
            .unknownAttributes(List.of(new UnknownAttribute(0xC0, 99, new byte[] {1, 2})))
            .build();
    PathAttributes same = a.toBuilder().build();
    assertThat(same).isEqualTo(a).hasSameHashCodeAs(a);
    assertThat(a.toBuilder().clearMed().build()).isNotEqualTo(a);
    assertThat(a.toBuilder().clearMed().build().med()).isZero();
    assertThat(a.toBuilder().unknownAttributes(List.of()).build()).isNotEqualTo(a);
    assertThat(
            a.toBuilder()
                .linkLocalNextHop((Inet6Address) InetAddresses.forString("fe80::1"))
                .build())
        .isNotEqualTo(a);
    assertThat(a.toString())
        .contains("origin=EGP", "asPath=[65001]", "nextHop=192.0.2.1", "med=10")
        .contains("localPref=200", "communities=[65535:65281]", "clusterList=[10.0.0.6]");

    PathAttributes defaults = PathAttributes.builder().build();
    assertThat(defaults.origin()).isEqualTo(Origin.IGP);
    assertThat(defaults.asPath()).isEqualTo(AsPath.EMPTY);
    assertThat(defaults.nextHop()).isNull();
    assertThat(defaults.hasMed()).isFalse();
    assertThat(defaults.hasLocalPref()).isFalse();
    assertThat(defaults.communities().isEmpty()).isTrue();
    assertThatThrownBy(() -> PathAttributes.builder().med(-1)).hasMessageContaining("MED");
  }

  @Test
  void unknownAttributesCompareTheirBytes() {
    UnknownAttribute a = new UnknownAttribute(0xC0, 99, new byte[] {1, 2});
    assertThat(a)
        .isEqualTo(new UnknownAttribute(0xC0, 99, new byte[] {1, 2}))
        .hasSameHashCodeAs(new UnknownAttribute(0xC0, 99, new byte[] {1, 2}))
        .isNotEqualTo(new UnknownAttribute(0xC0, 99, new byte[] {1, 3}));
    a.value()[0] = 9;
    assertThat(a.value()).containsExactly(1, 2);
    assertThat(a.toString()).contains("0102");
  }

  @Test
  void capabilitiesAndFamilies() {
    Capabilities none = Capabilities.NONE;
    assertThat(none.families()).containsExactly(AddressFamily.IPV4_UNICAST);
    Capabilities c =
        Capabilities.builder()
            .multiprotocol(AddressFamily.IPV6_UNICAST)
            .fourOctetAs(4200000000L)
            .routeRefresh(true)
            .gracefulRestart(
                new GracefulRestart(true, 120, Map.of(AddressFamily.IPV6_UNICAST, true), false))
            .unknown(new UnknownCapability(70, new byte[0]))
            .build();
    assertThat(c.families()).containsExactly(AddressFamily.IPV6_UNICAST);
    assertThat(c.fourOctetAs()).hasValue(4200000000L);
    assertThat(c.toString()).contains("fourOctetAs=4200000000", "routeRefresh");
    assertThatThrownBy(() -> new GracefulRestart(false, 4096, Map.of(), false))
        .hasMessageContaining("0..4095");
    assertThat(AddressFamily.of(2, 1)).hasValue(AddressFamily.IPV6_UNICAST);
    assertThat(AddressFamily.of(1, 128)).isEmpty();
    assertThat(RouteRefreshMessage.of(AddressFamily.IPV6_UNICAST).family())
        .hasValue(AddressFamily.IPV6_UNICAST);
    assertThat(new RouteRefreshMessage(25, 70).family()).isEmpty();
  }

  @Test
  void negotiatedContextIsTheIntersection() {
    Inet4Address id = (Inet4Address) InetAddresses.forString("10.0.0.1");
    OpenMessage dualStackNew =
        OpenMessage.of(
            65001,
            90,
            id,
            Capabilities.builder()
                .multiprotocol(AddressFamily.IPV4_UNICAST)
                .multiprotocol(AddressFamily.IPV6_UNICAST)
                .fourOctetAs(65001)
                .build());
    OpenMessage oldIpv4Only = OpenMessage.of(65002, 90, id, Capabilities.NONE);
    CodecContext context = CodecContext.negotiated(dualStackNew, oldIpv4Only);
    assertThat(context.fourOctetAs()).isFalse();
    assertThat(context.families()).containsExactly(AddressFamily.IPV4_UNICAST);
    assertThat(context.externalPeer()).isTrue();
    assertThat(CodecContext.negotiated(dualStackNew, dualStackNew).fourOctetAs()).isTrue();
    assertThat(CodecContext.negotiated(dualStackNew, dualStackNew).externalPeer()).isFalse();
    assertThat(CodecContext.DEFAULT.externalPeer()).isFalse();
  }
}
