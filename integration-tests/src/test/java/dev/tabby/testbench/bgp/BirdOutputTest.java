package dev.tabby.testbench.bgp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BirdOutputTest {

  /** BIRD 2.0.12's {@code show route all}: a static, two paths for one prefix, an IPv6 route. */
  private static final String SHOW_ROUTE_ALL =
      """
      BIRD 2.0.12 ready.
      Table master4:
      10.1.0.0/24          blackhole [originated_ipv4 00:12:41.918] * (200)
      \tType: static univ
      10.2.0.0/24          unicast [peer1 00:12:43.190] * (100) [AS65002i]
      \tvia 10.0.0.2 on eth0
      \tType: BGP univ
      \tBGP.origin: IGP
      \tBGP.as_path: 65002
      \tBGP.next_hop: 10.0.0.2
      \tBGP.med: 0
      \tBGP.local_pref: 100
      \tBGP.community: (65004,7) (65004,8)
                           unicast [peer2 00:12:44.001] (100) [AS65003i]
      \tvia 10.0.1.3 on eth1
      \tType: BGP univ
      \tBGP.origin: IGP
      \tBGP.as_path: 65003 65002
      \tBGP.next_hop: 10.0.1.3
      \tBGP.local_pref: 100
      10.45.0.0/24         unicast [peer3 00:13:29.439] * (100) [i]
      \tvia 10.0.2.4 on eth2
      \tType: BGP univ
      \tBGP.origin: IGP
      \tBGP.as_path:\s
      \tBGP.next_hop: 10.0.2.4
      \tBGP.local_pref: 300
      \tBGP.63 [t]: 01 02

      Table master6:
      fd00:2::/48          unicast [peer4 00:12:43.190] * (100) [AS65002i]
      \tvia fd00::2 on eth0
      \tType: BGP univ
      \tBGP.origin: IGP
      \tBGP.as_path: 65002
      \tBGP.next_hop: fd00::2 fe80::1
      \tBGP.local_pref: 100
      """;

  private static final Map<String, String> PEERS =
      Map.of("peer1", "10.0.0.2", "peer2", "10.0.1.3", "peer3", "10.0.2.4", "peer4", "fd00::2");

  @Test
  void readsEveryBgpPathWithItsAttributesAndSkipsOtherProtocols() {
    List<LearnedRoute> routes = BirdOutput.routes(SHOW_ROUTE_ALL, PEERS);

    assertThat(routes)
        .containsExactly(
            new LearnedRoute(
                "10.2.0.0/24",
                "10.0.0.2",
                List.of("10.0.0.2"),
                List.of(65002L),
                List.of("65004:7", "65004:8"),
                100L,
                0L,
                true),
            new LearnedRoute(
                "10.2.0.0/24",
                "10.0.1.3",
                List.of("10.0.1.3"),
                List.of(65003L, 65002L),
                List.of(),
                100L,
                null,
                false),
            new LearnedRoute(
                "10.45.0.0/24",
                "10.0.2.4",
                List.of("10.0.2.4"),
                List.of(),
                List.of(),
                300L,
                null,
                true),
            new LearnedRoute(
                "fd00:2::/48",
                "fd00::2",
                List.of("fd00::2", "fe80::1"),
                List.of(65002L),
                List.of(),
                100L,
                null,
                true));
  }

  @Test
  void readsSessionStatesAndImportedRouteCounts() {
    String showProtocolsAll =
        """
        BIRD 2.0.12 ready.
        Name       Proto      Table      State  Since         Info
        device1    Device     ---        up     00:12:41.918
        peer1      BGP        ---        up     00:12:42.088  Established
          BGP state:          Established
            Neighbor address: 10.0.0.2
            Neighbor AS:      65002
          Channel ipv4
            State:          UP
            Table:          master4
            Routes:         2 imported, 1 exported, 2 preferred
        peer2      BGP        ---        start  00:12:41.918  Active        Socket: Connection refused
          BGP state:          Active
            Neighbor address: 10.0.1.3
          Channel ipv4
            State:          DOWN
        kernel_ipv4 Kernel    master4    up     00:12:41.918
          Channel ipv4
            Routes:         0 imported, 2 exported, 0 preferred
        """;

    assertThat(BirdOutput.protocols(showProtocolsAll))
        .containsExactly(
            new BirdOutput.ProtocolState("peer1", "Established", 2L),
            new BirdOutput.ProtocolState("peer2", "Active", null));
  }

  @Test
  void readsACommunitySetBirdWrapsOntoSeveralLines() {
    String wrapped =
        """
        Table master4:
        10.9.0.0/24          unicast [peer1 17:56:36.629] * (100) [AS65001i]
        \tType: BGP univ
        \tBGP.community: (65001,0) (65001,1)
        \t\t(65001,2) (65001,3)
        \t\t(65001,4)
        \tBGP.local_pref: 100
        """;

    assertThat(BirdOutput.routes(wrapped, PEERS).get(0).communities())
        .containsExactly("65001:0", "65001:1", "65001:2", "65001:3", "65001:4");
  }
}
