package dev.tabby.testbench.bgp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabby.testbench.Host;
import dev.tabby.testbench.Lab;
import org.junit.jupiter.api.Test;

/** BIRD and GoBGP peer over eBGP and exchange routes, over IPv4 and over IPv6. */
class BirdGoBgpIT {

  @Test
  void ipv4SessionExchangesRoutesBothWaysAndWithdrawalsReachThePeer() {
    try (Lab lab = Lab.create()) {
      Host r1 = lab.host("bird");
      Host r3 = lab.host("gobgp");
      lab.link(r1, "eth0", r3, "eth0");
      r1.addAddress("eth0", "10.0.0.1/24");
      r3.addAddress("eth0", "10.0.0.3/24");

      Bird bird =
          Bird.start(
              r1,
              BgpDaemonConfig.builder("1.1.1.1", 65001)
                  .neighbor(Neighbor.of("10.0.0.3", 65003))
                  .originate("10.1.0.0/24")
                  .build());
      GoBgp gobgp =
          GoBgp.start(
              r3,
              BgpDaemonConfig.builder("3.3.3.3", 65003)
                  .neighbor(Neighbor.of("10.0.0.1", 65001))
                  .originate("10.3.0.0/24")
                  .build());

      gobgp.awaitEstablished("10.0.0.1");
      bird.awaitEstablished("10.0.0.3");

      LearnedRoute atGoBgp = gobgp.awaitRoute("10.1.0.0/24");
      assertThat(atGoBgp.nextHops()).containsExactly("10.0.0.1");
      assertThat(atGoBgp.asPath()).containsExactly(65001L);
      assertThat(atGoBgp.best()).isTrue();
      LearnedRoute atBird = bird.awaitRoute("10.3.0.0/24");
      assertThat(atBird.nextHops()).containsExactly("10.0.0.3");
      assertThat(atBird.asPath()).containsExactly(65003L);

      bird.withdraw("10.1.0.0/24");
      gobgp.awaitNoRoute("10.1.0.0/24");
      gobgp.withdraw("10.3.0.0/24");
      bird.awaitNoRoute("10.3.0.0/24");
      gobgp.announce("10.3.1.0/24");
      bird.awaitRoute("10.3.1.0/24");
      assertThat(bird.neighbor("10.0.0.3").receivedPrefixes()).isEqualTo(1L);
    }
  }

  @Test
  void ipv6SessionCarriesIpv6Prefixes() {
    try (Lab lab = Lab.create()) {
      Host r1 = lab.host("bird");
      Host r3 = lab.host("gobgp");
      lab.link(r1, "eth0", r3, "eth0");
      r1.addAddress("eth0", "fd00:13::1/64");
      r3.addAddress("eth0", "fd00:13::3/64");

      Bird bird =
          Bird.start(
              r1,
              BgpDaemonConfig.builder("1.1.1.1", 65001)
                  .neighbor(Neighbor.of("fd00:13::3", 65003))
                  .originate("fd00:1::/48")
                  .build());
      GoBgp gobgp =
          GoBgp.start(
              r3,
              BgpDaemonConfig.builder("3.3.3.3", 65003)
                  .neighbor(Neighbor.of("fd00:13::1", 65001))
                  .originate("fd00:3::/48")
                  .build());

      gobgp.awaitEstablished("fd00:13::1");
      assertThat(gobgp.awaitRoute("fd00:1::/48").nextHops()).contains("fd00:13::1");
      assertThat(bird.awaitRoute("fd00:3::/48").nextHops()).contains("fd00:13::3");
      assertThat(gobgp.neighbor("fd00:13::1").receivedPrefixes()).isEqualTo(1L);

      gobgp.withdraw("fd00:3::/48");
      bird.awaitNoRoute("fd00:3::/48");
    }
  }
}
