package dev.tabby.bgp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabby.testbench.Host;
import dev.tabby.testbench.Lab;
import dev.tabby.testbench.bgp.BgpDaemon;
import dev.tabby.testbench.bgp.BgpDaemonConfig;
import dev.tabby.testbench.bgp.Frr;
import dev.tabby.testbench.bgp.GoBgp;
import dev.tabby.testbench.bgp.LearnedRoute;
import dev.tabby.testbench.bgp.Neighbor;
import dev.tabby.testbench.bgp.TabbyBgp;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * Tabby's daemon and a router over eBGP with 4-octet AS numbers: one IPv4 session carrying IPv4
 * prefixes and one IPv6 session carrying IPv6 prefixes.
 */
class TabbyEbgpIT {

  private static final long TABBY_AS = 4_200_000_001L;
  private static final long PEER_AS = 4_200_000_002L;

  /** Connect retry of 1 s: the peer may not listen yet at Tabby's first attempt. */
  private static final String TABBY_CONFIG =
      """
      routerId: 10.0.0.1
      localAs: 4200000001
      peers:
        - {address: 10.0.0.2, as: 4200000002, connectRetryTime: 1}
        - {address: "fd00:12::2", as: 4200000002, connectRetryTime: 1}
      prefixes:
        - {prefix: 10.1.0.0/24}
        - {prefix: "fd00:1::/48"}
      """;

  static Stream<Arguments> routers() {
    return Stream.of(
        Arguments.of("FRR", (BiFunction<Host, BgpDaemonConfig, BgpDaemon>) Frr::start),
        Arguments.of("GoBGP", (BiFunction<Host, BgpDaemonConfig, BgpDaemon>) GoBgp::start));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("routers")
  void fourOctetAsSessionsCarryIpv4AndIpv6Routes(
      String name, BiFunction<Host, BgpDaemonConfig, BgpDaemon> startRouter) {
    try (Lab lab = Lab.create()) {
      PeerLink link = PeerLink.create(lab, "router");
      Host tabbyHost = link.tabby();
      Host routerHost = link.peer();
      tabbyHost.addAddress("eth0", "fd00:12::1/64");
      routerHost.addAddress("eth0", "fd00:12::2/64");

      BgpDaemon router =
          startRouter.apply(
              routerHost,
              BgpDaemonConfig.builder("10.0.0.2", PEER_AS)
                  .neighbor(Neighbor.of("10.0.0.1", TABBY_AS))
                  .neighbor(Neighbor.of("fd00:12::1", TABBY_AS))
                  .originate("10.2.0.0/24", "fd00:2::/48")
                  .build());
      TabbyBgp tabby = TabbyBgp.start(tabbyHost, TABBY_CONFIG);

      JsonNode v4 = tabby.awaitEstablished("10.0.0.2");
      assertThat(v4.path("capabilities").path("fourOctetAs").asBoolean()).isTrue();
      JsonNode v6 = tabby.awaitEstablished("fd00:12::2");
      assertThat(v6.path("capabilities").path("families").toString()).contains("ipv6-unicast");

      LearnedRoute v4AtRouter = router.awaitRoute("10.1.0.0/24");
      assertThat(v4AtRouter.asPath()).containsExactly(TABBY_AS);
      assertThat(v4AtRouter.nextHops()).containsExactly("10.0.0.1");
      LearnedRoute v6AtRouter = router.awaitRoute("fd00:1::/48");
      assertThat(v6AtRouter.asPath()).containsExactly(TABBY_AS);
      assertThat(v6AtRouter.nextHops()).contains("fd00:12::1");

      JsonNode v4AtTabby = tabby.awaitRoute("10.2.0.0/24");
      assertThat(v4AtTabby.path("asPath").asString()).isEqualTo(Long.toString(PEER_AS));
      assertThat(v4AtTabby.path("nextHop").asString()).isEqualTo("10.0.0.2");
      JsonNode v6AtTabby = tabby.awaitRoute("fd00:2::/48");
      assertThat(v6AtTabby.path("asPath").asString()).isEqualTo(Long.toString(PEER_AS));
      assertThat(v6AtTabby.path("nextHop").asString()).isEqualTo("fd00:12::2");

      router.withdraw("fd00:2::/48");
      tabby.awaitNoRoute("fd00:2::/48");
      router.withdraw("10.2.0.0/24");
      tabby.awaitNoRoute("10.2.0.0/24");
      router.announce("10.2.1.0/24");
      tabby.awaitRoute("10.2.1.0/24");
    }
  }
}
