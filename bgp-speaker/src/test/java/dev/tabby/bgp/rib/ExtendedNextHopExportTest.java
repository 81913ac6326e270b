package dev.tabby.bgp.rib;

import static dev.tabby.bgp.rib.TestPeer.attributes;
import static dev.tabby.bgp.rib.TestPeer.ebgp;
import static dev.tabby.bgp.rib.TestPeer.ibgp;
import static dev.tabby.bgp.rib.TestPeer.ip;
import static dev.tabby.bgp.rib.TestPeer.route;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tabby.bgp.wire.PathAttributes;
import java.net.Inet6Address;
import org.junit.jupiter.api.Test;

/** IPv4 routes with IPv6 next hops (RFC 8950) leaving the RIB. */
class ExtendedNextHopExportTest {
  private final ExportRules rules = new ExportRules(null);
  private final PeerInfo overIpv6 =
      ebgp("fd00:12::1", 65001).localAddress("fd00:12::2").extendedNextHop(true).build();

  @Test
  void ipv4RouteOverAnIpv6SessionWithTheCapabilityGetsOurIpv6Addresses() {
    ExportProfile to =
        ExportProfile.of(
            ebgp("fd00:13::9", 65009)
                .localAddress("fd00:13::1")
                .localLinkLocal("fe80::1")
                .extendedNextHop(true)
                .build());
    Route learned = route("10.1.0.0/24", attributes("fd00:12::1", 65001).build(), overIpv6);

    PathAttributes out = rules.export(learned, to);

    assertThat(out.nextHop()).isEqualTo(ip("fd00:13::1"));
    assertThat(out.linkLocalNextHop()).isEqualTo(ip("fe80::1"));
    assertThat(ExportProfile.of(overIpv6).codecContext().extendedNextHop()).isTrue();
  }

  @Test
  void ipv4RouteOverAnIpv4SessionKeepsAnIpv4NextHop() {
    ExportProfile to =
        ExportProfile.of(
            ebgp("10.0.0.9", 65009).localAddress("10.0.0.1").extendedNextHop(true).build());
    Route learned = route("10.1.0.0/24", attributes("fd00:12::1", 65001).build(), overIpv6);

    assertThat(rules.export(learned, to).nextHop()).isEqualTo(ip("10.0.0.1"));
  }

  @Test
  void anIpv6NextHopOfAnIpv4RouteGoesOnlyToPeersThatTakeIt() {
    Route learned =
        route(
            "10.1.0.0/24",
            attributes("fd00:12::1", 65001).linkLocalNextHop((Inet6Address) ip("fe80::12")).build(),
            overIpv6);
    ExportProfile plainIbgp = ExportProfile.of(ibgp("10.0.0.5").build());
    ExportProfile extendedIbgp =
        ExportProfile.of(
            ibgp("fd00:14::5").localAddress("fd00:14::1").extendedNextHop(true).build());

    assertThat(rules.export(learned, plainIbgp)).as("peer without RFC 8950").isNull();
    PathAttributes out = rules.export(learned, extendedIbgp);
    assertThat(out.nextHop()).as("kept, as to any iBGP peer").isEqualTo(ip("fd00:12::1"));
    assertThat(out.linkLocalNextHop()).as("only meaningful on its own link").isNull();
  }
}
