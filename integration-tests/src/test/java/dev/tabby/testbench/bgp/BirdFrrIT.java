package dev.tabby.testbench.bgp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabby.testbench.Host;
import dev.tabby.testbench.Lab;
import org.junit.jupiter.api.Test;

/** BIRD and FRR peer over eBGP and exchange routes, over IPv4 and over IPv6. */
class BirdFrrIT {

  @Test
  void ipv4SessionExchangesRoutesBothWaysAndWithdrawalsReachThePeer() {
    try (Lab lab = Lab.create()) {
      Host r1 = lab.host("bird");
      Host r2 = lab.host("frr");
      lab.link(r1, "eth0", r2, "eth0");
      r1.addAddress("eth0", "10.0.0.1/24");
      r2.addAddress("eth0", "10.0.0.2/24");

      Bird bird =
          Bird.start(
              r1,
              BgpDaemonConfig.builder("1.1.1.1", 65001)
                  .neighbor(Neighbor.of("10.0.0.2", 65002))
                  .originate("10.1.0.0/24")
                  .build());
      Frr frr =
          Frr.start(
              r2,
              BgpDaemonConfig.builder("2.2.2.2", 65002)
                  .neighbor(Neighbor.of("10.0.0.1", 65001))
                  .originate("10.2.0.0/24")
                  .build());

      assertThat(bird.awaitEstablished("10.0.0.2").established()).isTrue();
      frr.awaitEstablished("10.0.0.1");

      LearnedRoute atFrr = frr.awaitRoute("10.1.0.0/24");
      assertThat(atFrr.nextHops()).containsExactly("10.0.0.1");
      assertThat(atFrr.asPath()).containsExactly(65001L);
      assertThat(atFrr.peer()).isEqualTo("10.0.0.1");
      assertThat(atFrr.best()).isTrue();
      LearnedRoute atBird = bird.awaitRoute("10.2.0.0/24");
      assertThat(atBird.nextHops()).containsExactly("10.0.0.2");
      assertThat(atBird.asPath()).containsExactly(65002L);
      assertThat(atBird.best()).isTrue();

      bird.announce("10.1.1.0/24");
      frr.awaitRoute("10.1.1.0/24");
      bird.withdraw("10.1.0.0/24");
      frr.awaitNoRoute("10.1.0.0/24");

      frr.withdraw("10.2.0.0/24");
      bird.awaitNoRoute("10.2.0.0/24");
      frr.announce("10.2.1.0/24");
      bird.awaitRoute("10.2.1.0/24");
      assertThat(bird.neighbor("10.0.0.2").receivedPrefixes()).isEqualTo(1L);
      assertThat(frr.neighbor("10.0.0.1").receivedPrefixes()).isEqualTo(1L);
    }
  }

  @Test
  void ipv6SessionCarriesIpv6Prefixes() {
    try (Lab lab = Lab.create()) {
      Host r1 = lab.host("bird");
      Host r2 = lab.host("frr");
      lab.link(r1, "eth0", r2, "eth0");
      r1.addAddress("eth0", "fd00:12::1/64");
      r2.addAddress("eth0", "fd00:12::2/64");
      // bgpd runs without zebra, so it knows no interface to tie a link-local next hop to: an
      // UPDATE whose next hop carries one is treated as withdrawn. BIRD adds its link-local
      // address to the next hop whenever it has one by the time the session comes up, which
      // depends on how fast the link came up. BIRD's side has none, so the next hop is always
      // the global address alone.
      r1.ip("link", "set", "dev", "eth0", "addrgenmode", "none");
      r1.ip("-6", "address", "flush", "dev", "eth0", "scope", "link");

      Bird bird =
          Bird.start(
              r1,
              BgpDaemonConfig.builder("1.1.1.1", 65001)
                  .neighbor(Neighbor.of("fd00:12::2", 65002))
                  .originate("fd00:1::/48")
                  .build());
      Frr frr =
          Frr.start(
              r2,
              BgpDaemonConfig.builder("2.2.2.2", 65002)
                  .neighbor(Neighbor.of("fd00:12::1", 65001))
                  .originate("fd00:2::/48")
                  .build());

      bird.awaitEstablished("fd00:12::2");
      assertThat(frr.awaitRoute("fd00:1::/48").nextHops()).contains("fd00:12::1");
      assertThat(bird.awaitRoute("fd00:2::/48").nextHops()).contains("fd00:12::2");

      bird.withdraw("fd00:1::/48");
      frr.awaitNoRoute("fd00:1::/48");
    }
  }
}
