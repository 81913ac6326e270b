package dev.tabby.testbench.bgp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class FrrOutputTest {

  @Test
  void readsPathsLearnedFromPeersAndSkipsOwnNetworks() {
    // FRR 8.4's `show bgp ipv4 unicast json detail`, trimmed: per prefix, a header then paths.
    String json =
        """
        {"routerId": "2.2.2.2", "localAS": 65002,
         "routes": {
          "10.1.0.0/24": [{"prefix":"10.1.0.0/24","version":2},
            {"aspath":{"string":"65001 64999","segments":[{"type":"as-sequence","list":[65001,64999]}],"length":2},
             "community":{"string":"65001:7 65001:8","list":["65001:7","65001:8"]},
             "med":50,"locPrf":120,"valid":true,"bestpath":{"overall":true},
             "nexthops":[{"ip":"10.0.0.1","afi":"ipv4","used":true}],
             "peer":{"peerId":"10.0.0.1","routerId":"1.1.1.1","type":"external"}}],
          "10.2.0.0/24": [{"prefix":"10.2.0.0/24","version":1},
            {"aspath":{"string":"Local","segments":[],"length":0},"sourced":true,"local":true,
             "nexthops":[{"ip":"0.0.0.0","afi":"ipv4","used":true}],
             "peer":{"peerId":"0.0.0.0","routerId":"2.2.2.2"}}]
         }}
        """;

    assertThat(FrrOutput.routes(json))
        .containsExactly(
            new LearnedRoute(
                "10.1.0.0/24",
                "10.0.0.1",
                List.of("10.0.0.1"),
                List.of(65001L, 64999L),
                List.of("65001:7", "65001:8"),
                120L,
                50L,
                true));
  }

  @Test
  void readsSessionStatesAndAcceptedPrefixes() {
    String json =
        """
        {"10.0.0.1":{"remoteAs":65001,"bgpState":"Established",
           "addressFamilyInfo":{"ipv4Unicast":{"acceptedPrefixCounter":3}}},
         "fd00::1":{"remoteAs":65001,"bgpState":"Active","addressFamilyInfo":{}}}
        """;

    assertThat(FrrOutput.neighbors(json))
        .containsExactly(
            new NeighborState("10.0.0.1", "Established", true, 3L),
            new NeighborState("fd00::1", "Active", false, null));
  }

  @Test
  void readsAllCommunitiesOfASetWhoseStringFrrCutShort() {
    String json =
        """
        {"routes": {"10.9.0.0/24": [{"prefix":"10.9.0.0/24"},
          {"community":{"string":"65001:0 65001:1","list":["65001:0","65001:1","65001:2"]},
           "nexthops":[{"ip":"10.0.0.2","afi":"ipv4","used":true}],
           "peer":{"peerId":"10.0.0.2","routerId":"2.2.2.2"}}]}}
        """;

    assertThat(FrrOutput.routes(json).get(0).communities())
        .containsExactly("65001:0", "65001:1", "65001:2");
  }
}
