package dev.tabby.testbench.bgp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class GoBgpOutputTest {

  @Test
  void readsPathsFromPeersWithTheirAttributesAndSkipsLocalOnes() {
    // GoBGP 3.10's `gobgp global rib -a ipv4 -j` and `-a ipv6 -j`, trimmed.
    String ipv4 =
        """
        {"10.1.0.0/24":[{"nlri":{"prefix":"10.1.0.0/24"},"best":true,"attrs":[
            {"type":1,"value":0},
            {"type":2,"as_paths":[{"segment_type":2,"num":2,"asns":[65001,64999]}]},
            {"type":3,"nexthop":"10.0.1.1"},
            {"type":4,"metric":50},
            {"type":5,"value":120},
            {"type":8,"communities":[4259905543]}],
          "neighbor-ip":"10.0.1.1"}],
         "10.3.0.0/24":[{"nlri":{"prefix":"10.3.0.0/24"},"best":true,"attrs":[
            {"type":1,"value":2},{"type":3,"nexthop":"0.0.0.0"}]}]}
        """;
    String ipv6 =
        """
        {"fd00:1::/48":[{"nlri":{"prefix":"fd00:1::/48"},"attrs":[
            {"type":2,"as_paths":[{"segment_type":2,"num":1,"asns":[65001]}]},
            {"type":14,"nexthop":"fd01::1","afi":2,"safi":1,"value":[{"prefix":"fd00:1::/48"}]}],
          "neighbor-ip":"fd01::1"}]}
        """;

    assertThat(GoBgpOutput.routes(ipv4))
        .containsExactly(
            new LearnedRoute(
                "10.1.0.0/24",
                "10.0.1.1",
                List.of("10.0.1.1"),
                List.of(65001L, 64999L),
                List.of("65001:7"),
                120L,
                50L,
                true));
    assertThat(GoBgpOutput.routes(ipv6))
        .containsExactly(
            new LearnedRoute(
                "fd00:1::/48",
                "fd01::1",
                List.of("fd01::1"),
                List.of(65001L),
                List.of(),
                null,
                null,
                false));
    assertThat(GoBgpOutput.routes("")).isEmpty();
  }

  @Test
  void readsSessionStatesByNumberAndAcceptedPrefixes() {
    String json =
        """
        [{"state":{"neighbor_address":"10.0.1.1","session_state":6},
          "afi_safis":[{"state":{"family":{"afi":1,"safi":1},"received":2,"accepted":2}}]},
         {"state":{"neighbor_address":"fd01::1","session_state":3},
          "afi_safis":[{"state":{"family":{"afi":2,"safi":1}}}]}]
        """;

    assertThat(GoBgpOutput.neighbors(json))
        .containsExactly(
            new NeighborState("10.0.1.1", "Established", true, 2L),
            new NeighborState("fd01::1", "Active", false, 0L));
  }
}
