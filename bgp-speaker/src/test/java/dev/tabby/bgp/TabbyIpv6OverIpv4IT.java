package dev.tabby.bgp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabby.testbench.Host;
import dev.tabby.testbench.Lab;
import dev.tabby.testbench.Wait;
import dev.tabby.testbench.bgp.BgpDaemonConfig;
import dev.tabby.testbench.bgp.Frr;
import dev.tabby.testbench.bgp.LearnedRoute;
import dev.tabby.testbench.bgp.Neighbor;
import dev.tabby.testbench.bgp.TabbyBgp;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** IPv6 prefixes over an IPv4 session (RFC 4760 multiprotocol), with FRR. */
class TabbyIpv6OverIpv4IT {

  /** Connect retry of 1 s: FRR may not listen yet at Tabby's first attempt. */
  private static final String TABBY_CONFIG =
      """
      routerId: 10.0.0.1
      localAs: 65000
      peers:
        - {address: 10.0.0.2, as: 65001, connectRetryTime: 1}
      prefixes:
        - {prefix: "fd00:1::/48"}
      """;

  @Test
  void ipv4SessionCarriesIpv6PrefixesBothWays() {
    try (Lab lab = Lab.create()) {
      PeerLink link = PeerLink.create(lab, "frr");
      Host tabbyHost = link.tabby();
      Host frrHost = link.peer();
      frrHost.addAddress("eth0", "fd00:12::2/64");

      Frr frr =
          Frr.start(
              frrHost,
              BgpDaemonConfig.builder("10.0.0.2", 65001)
                  .neighbor(Neighbor.of("10.0.0.1", 65000))
                  .originate("fd00:2::/48")
                  .build());
      // The bench activates each neighbour for its own address family only; add IPv6.
      frr.vtysh(
              "configure terminal",
              "router bgp 65001",
              "address-family ipv6 unicast",
              "neighbor 10.0.0.1 activate")
          .orThrow();
      TabbyBgp tabby = TabbyBgp.start(tabbyHost, TABBY_CONFIG);

      JsonNode session =
          Wait.until(
              "the IPv4 session with both families",
              TabbyBgp.TIMEOUT,
              () -> tabby.awaitEstablished("10.0.0.2"),
              peer -> peer.path("capabilities").path("families").toString().contains("ipv6"));
      assertThat(session.path("capabilities").path("families").toString()).contains("ipv4-unicast");

      JsonNode atTabby = tabby.awaitRoute("fd00:2::/48");
      assertThat(atTabby.path("from").asString()).isEqualTo("10.0.0.2");
      LearnedRoute atFrr = frr.awaitRoute("fd00:1::/48");
      assertThat(atFrr.asPath()).containsExactly(65000L);

      frr.withdraw("fd00:2::/48");
      tabby.awaitNoRoute("fd00:2::/48");
    }
  }
}
