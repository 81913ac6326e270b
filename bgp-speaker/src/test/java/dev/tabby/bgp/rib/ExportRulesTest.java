package dev.tabby.bgp.rib;

import static dev.tabby.bgp.rib.TestPeer.CLUSTER_ID;
import static dev.tabby.bgp.rib.TestPeer.LOCAL_AS;
import static dev.tabby.bgp.rib.TestPeer.attributes;
import static dev.tabby.bgp.rib.TestPeer.ebgp;
import static dev.tabby.bgp.rib.TestPeer.ibgp;
import static dev.tabby.bgp.rib.TestPeer.ip;
import static dev.tabby.bgp.rib.TestPeer.ipv4;
import static dev.tabby.bgp.rib.TestPeer.prefix;
import static dev.tabby.bgp.rib.TestPeer.route;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.net.InetAddresses;
import dev.tabby.bgp.policy.PolicyAction;
import dev.tabby.bgp.policy.PolicyRule;
import dev.tabby.bgp.policy.RoutePolicy;
import dev.tabby.bgp.wire.AsPath;
import dev.tabby.bgp.wire.Communities;
import dev.tabby.bgp.wire.PathAttributes;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExportRulesTest {
  private static final int OUR_CLUSTER = InetAddresses.coerceToInteger(CLUSTER_ID);

  private final ExportRules reflector = new ExportRules(CLUSTER_ID);
  private final ExportRules plain = new ExportRules(null);

  private final PeerInfo externalSource = ebgp("10.0.0.1", 65001).build();
  private final PeerInfo client = ibgp("10.0.0.2").client().routerId("2.2.2.2").build();
  private final PeerInfo nonClient = ibgp("10.0.0.3").routerId("3.3.3.3").build();
  private final ExportProfile toExternal = ExportProfile.of(ebgp("10.0.0.9", 65009).build());
  private final ExportProfile toClient = ExportProfile.of(ibgp("10.0.0.4").client().build());
  private final ExportProfile toNonClient = ExportProfile.of(ibgp("10.0.0.5").build());

  @Test
  void toEbgpPrependsOurAsSetsOurNextHopAndStripsInternalAttributes() {
    Route learned =
        route(
            "10.1.0.0/24",
            attributes("10.0.0.2", 65001)
                .localPref(200)
                .med(7)
                .originatorId(ipv4("2.2.2.2"))
                .clusterList(9)
                .build(),
            client);

    PathAttributes out = plain.export(learned, toExternal);

    assertThat(out.asPath()).isEqualTo(AsPath.sequence(LOCAL_AS, 65001));
    assertThat(out.nextHop()).isEqualTo(ip("192.0.2.254"));
    assertThat(out.hasLocalPref()).isFalse();
    assertThat(out.hasMed()).as("MED learned from elsewhere").isFalse();
    assertThat(out.originatorId()).isNull();
    assertThat(out.clusterList().isEmpty()).isTrue();
  }

  @Test
  void ourOwnMedIsPassedToEbgpPeers() {
    Route local = route("10.1.0.0/24", PathAttributes.builder().med(30).build(), null);

    assertThat(plain.export(local, toExternal).med()).isEqualTo(30);
  }

  @Test
  void ipv6NextHopIsOurGlobalAndLinkLocalAddress() {
    ExportProfile overIpv6 =
        ExportProfile.of(
            ebgp("2001:db8::9", 65009)
                .localAddress("2001:db8::1")
                .localLinkLocal("fe80::1")
                .build());
    Route learned =
        route("2001:db8:1::/48", attributes("2001:db8::2", 65001).build(), externalSource);

    PathAttributes out = plain.export(learned, overIpv6);

    assertThat(out.nextHop()).isEqualTo(ip("2001:db8::1"));
    assertThat(out.linkLocalNextHop()).isEqualTo(ip("fe80::1"));
  }

  @Test
  void ipv6RouteOverAnIpv4SessionGetsTheMappedAddress() {
    Route learned =
        route("2001:db8:1::/48", attributes("2001:db8::2", 65001).build(), externalSource);

    PathAttributes out = plain.export(learned, toExternal);

    byte[] mapped = new byte[16];
    mapped[10] = (byte) 0xFF;
    mapped[11] = (byte) 0xFF;
    System.arraycopy(ip("192.0.2.254").getAddress(), 0, mapped, 12, 4);
    assertThat(out.nextHop().getAddress()).isEqualTo(mapped);
  }

  @Test
  void ipv4RouteOverAnIpv6OnlySessionIsNotExported() {
    ExportProfile overIpv6 =
        ExportProfile.of(ebgp("2001:db8::9", 65009).localAddress("2001:db8::1").build());
    Route learned = route("10.1.0.0/24", attributes("10.0.0.1", 65001).build(), externalSource);

    assertThat(plain.export(learned, overIpv6)).isNull();
  }

  @Test
  void toIbgpKeepsNextHopMedAndLocalPref() {
    Route learned =
        route(
            "10.1.0.0/24",
            attributes("10.0.0.1", 65001).med(7).localPref(150).build(),
            externalSource);

    PathAttributes out = plain.export(learned, toNonClient);

    assertThat(out).isEqualTo(learned.attributes());
  }

  @Test
  void toIbgpALinkLocalNextHopFromAnotherLinkIsDropped() {
    Route learned =
        route(
            "2001:db8:1::/48",
            attributes("2001:db8::2", 65001).linkLocalNextHop(ipv6("fe80::2")).build(),
            externalSource);

    PathAttributes out = plain.export(learned, toNonClient);

    assertThat(out.nextHop()).isEqualTo(ip("2001:db8::2"));
    assertThat(out.linkLocalNextHop()).isNull();
  }

  @Test
  void toIbgpWithNextHopSelfUsesOurAddress() {
    ExportProfile selfPeer = ExportProfile.of(ibgp("10.0.0.6").nextHopSelf().build());
    Route learned = route("10.1.0.0/24", attributes("10.0.0.1", 65001).build(), externalSource);

    assertThat(plain.export(learned, selfPeer).nextHop()).isEqualTo(ip("192.0.2.254"));
  }

  @Test
  void originatedRoutesToIbgpGetDefaultLocalPrefAndOurNextHop() {
    Route local = route("10.1.0.0/24", PathAttributes.builder().build(), null);

    PathAttributes out = plain.export(local, toNonClient);

    assertThat(out.localPref()).isEqualTo(100);
    assertThat(out.nextHop()).isEqualTo(ip("192.0.2.254"));
    assertThat(out.asPath().isEmpty()).isTrue();
  }

  @Test
  void ibgpLearnedPathsAreNotSentToIbgpPeersWithoutReflection() {
    Route fromClient = route("10.1.0.0/24", attributes("10.0.0.2").build(), client);

    assertThat(plain.export(fromClient, toNonClient)).isNull();
    assertThat(plain.export(fromClient, toClient)).isNull();
    assertThat(plain.export(fromClient, toExternal)).isNotNull();
  }

  @Test
  void aReflectorSendsClientPathsToClientsAndNonClients() {
    Route fromClient = route("10.1.0.0/24", attributes("10.0.0.2").localPref(100).build(), client);

    for (ExportProfile to : List.of(toClient, toNonClient)) {
      PathAttributes out = reflector.export(fromClient, to);
      assertThat(out.originatorId()).isEqualTo(ipv4("2.2.2.2"));
      assertThat(out.clusterList().asList()).containsExactly(OUR_CLUSTER);
      assertThat(out.nextHop()).isEqualTo(ip("10.0.0.2"));
    }
  }

  @Test
  void aReflectorSendsNonClientPathsToClientsOnly() {
    Route fromNonClient = route("10.1.0.0/24", attributes("10.0.0.3").build(), nonClient);

    assertThat(reflector.export(fromNonClient, toNonClient)).isNull();
    assertThat(reflector.export(fromNonClient, toClient).originatorId()).isEqualTo(ipv4("3.3.3.3"));
  }

  @Test
  void reflectionKeepsAnExistingOriginatorAndPrependsOurCluster() {
    Route reflectedBefore =
        route(
            "10.1.0.0/24",
            attributes("10.0.0.7").originatorId(ipv4("7.7.7.7")).clusterList(5).build(),
            client);

    PathAttributes out = reflector.export(reflectedBefore, toNonClient);

    assertThat(out.originatorId()).isEqualTo(ipv4("7.7.7.7"));
    assertThat(out.clusterList().asList()).containsExactly(OUR_CLUSTER, 5);
  }

  @Test
  void noExportStaysInsideOurAs() {
    Route noExport =
        route(
            "10.1.0.0/24",
            attributes("10.0.0.1", 65001).communities(Communities.NO_EXPORT).build(),
            externalSource);

    assertThat(plain.export(noExport, toExternal)).isNull();
    assertThat(plain.export(noExport, toNonClient)).isNotNull();
  }

  @Test
  void noAdvertiseGoesNowhere() {
    Route noAdvertise =
        route(
            "10.1.0.0/24",
            attributes("10.0.0.1", 65001).communities(Communities.NO_ADVERTISE).build(),
            externalSource);

    assertThat(plain.export(noAdvertise, toExternal)).isNull();
    assertThat(plain.export(noAdvertise, toNonClient)).isNull();
    assertThat(reflector.export(noAdvertise, toClient)).isNull();
  }

  @Test
  void exportPolicyComesLast() {
    RoutePolicy onlyTens =
        new RoutePolicy(
            List.of(PolicyRule.builder().within(prefix("10.0.0.0/8")).accept()),
            PolicyAction.REJECT);
    ExportProfile filtered =
        ExportProfile.of(ebgp("10.0.0.9", 65009).exportPolicy(onlyTens).build());

    assertThat(
            plain.export(
                route("10.1.0.0/24", attributes("10.0.0.1", 65001).build(), externalSource),
                filtered))
        .isNotNull();
    assertThat(
            plain.export(
                route("172.16.0.0/24", attributes("10.0.0.1", 65001).build(), externalSource),
                filtered))
        .isNull();
  }

  private static java.net.Inet6Address ipv6(String address) {
    return (java.net.Inet6Address) ip(address);
  }
}
