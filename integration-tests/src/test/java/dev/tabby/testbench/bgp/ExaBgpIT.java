package dev.tabby.testbench.bgp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tabby.testbench.Host;
import dev.tabby.testbench.Lab;
import org.junit.jupiter.api.Test;

/**
 * ExaBGP establishes with the other daemons and announces exactly what a test tells it; each
 * daemon's reader reports the attributes it sent (AS path, communities, MED, local preference).
 */
class ExaBgpIT {

  @Test
  void announcesScriptedRoutesWhoseAttributesEveryReaderReports() {
    try (Lab lab = Lab.create()) {
      Host exaHost = lab.host("exabgp");
      Host birdHost = lab.host("bird");
      Host frrHost = lab.host("frr");
      Host gobgpHost = lab.host("gobgp");
      lab.link(exaHost, "bird", birdHost, "eth0");
      lab.link(exaHost, "frr", frrHost, "eth0");
      lab.link(exaHost, "gobgp", gobgpHost, "eth0");
      exaHost.addAddress("bird", "10.0.1.4/24").addAddress("frr", "10.0.2.4/24");
      exaHost.addAddress("gobgp", "10.0.3.4/24");
      birdHost.addAddress("eth0", "10.0.1.1/24");
      frrHost.addAddress("eth0", "10.0.2.2/24");
      gobgpHost.addAddress("eth0", "10.0.3.3/24");

      // iBGP with BIRD, so LOCAL_PREF survives; eBGP with FRR and GoBGP.
      ExaBgp exabgp =
          ExaBgp.start(
              exaHost,
              BgpDaemonConfig.builder("4.4.4.4", 65001)
                  .neighbor(Neighbor.of("10.0.1.1", 65001).withLocalAddress("10.0.1.4"))
                  .neighbor(Neighbor.of("10.0.2.2", 65002).withLocalAddress("10.0.2.4"))
                  .neighbor(Neighbor.of("10.0.3.3", 65003).withLocalAddress("10.0.3.4"))
                  .originate("10.4.0.0/24")
                  .build());
      Bird bird =
          Bird.start(
              birdHost,
              BgpDaemonConfig.builder("1.1.1.1", 65001)
                  .neighbor(Neighbor.of("10.0.1.4", 65001))
                  .build());
      Frr frr =
          Frr.start(
              frrHost,
              BgpDaemonConfig.builder("2.2.2.2", 65002)
                  .neighbor(Neighbor.of("10.0.2.4", 65001))
                  .originate("10.2.0.0/24")
                  .build());
      GoBgp gobgp =
          GoBgp.start(
              gobgpHost,
              BgpDaemonConfig.builder("3.3.3.3", 65003)
                  .neighbor(Neighbor.of("10.0.3.4", 65001))
                  .build());

      exabgp.awaitAllEstablished();
      assertThat(frr.awaitRoute("10.4.0.0/24").asPath()).containsExactly(65001L);
      exabgp.send(
          "announce route 10.44.0.0/24 next-hop self"
              + " community [ 65001:7 65001:8 ] med 50 local-preference 300");

      LearnedRoute atBird = bird.awaitRoute("10.44.0.0/24");
      assertThat(atBird.nextHops()).containsExactly("10.0.1.4");
      assertThat(atBird.asPath()).isEmpty();
      assertThat(atBird.communities()).containsExactly("65001:7", "65001:8");
      assertThat(atBird.med()).isEqualTo(50L);
      assertThat(atBird.localPref()).isEqualTo(300L);
      LearnedRoute atFrr = frr.awaitRoute("10.44.0.0/24");
      assertThat(atFrr.asPath()).containsExactly(65001L);
      assertThat(atFrr.communities()).containsExactly("65001:7", "65001:8");
      assertThat(atFrr.med()).isEqualTo(50L);
      LearnedRoute atGoBgp = gobgp.awaitRoute("10.44.0.0/24");
      assertThat(atGoBgp.asPath()).containsExactly(65001L);
      assertThat(atGoBgp.communities()).containsExactly("65001:7", "65001:8");
      assertThat(atGoBgp.med()).isEqualTo(50L);
      assertThat(atGoBgp.nextHops()).containsExactly("10.0.3.4");

      assertThat(exabgp.awaitRoute("10.2.0.0/24").asPath()).containsExactly(65002L);

      exabgp.withdraw("10.4.0.0/24");
      frr.awaitNoRoute("10.4.0.0/24");
      bird.awaitNoRoute("10.4.0.0/24");
    }
  }

  @Test
  void sendsAHandMadePathAttributeAsGivenAndReportsRejectedCommands() {
    try (Lab lab = Lab.create()) {
      Host exaHost = lab.host("exabgp");
      Host birdHost = lab.host("bird");
      lab.link(exaHost, "eth0", birdHost, "eth0");
      exaHost.addAddress("eth0", "10.0.1.4/24");
      birdHost.addAddress("eth0", "10.0.1.1/24");
      ExaBgp exabgp =
          ExaBgp.start(
              exaHost,
              BgpDaemonConfig.builder("4.4.4.4", 65004)
                  .neighbor(Neighbor.of("10.0.1.1", 65001).withLocalAddress("10.0.1.4"))
                  .build());
      Bird bird =
          Bird.start(
              birdHost,
              BgpDaemonConfig.builder("1.1.1.1", 65001)
                  .neighbor(Neighbor.of("10.0.1.4", 65004))
                  .build());
      bird.awaitEstablished("10.0.1.4");

      // An optional transitive attribute of an unassigned type: a well-behaved peer keeps it.
      exabgp.announceWithRawAttribute("10.45.0.0/24", 0x63, 0xc0, new byte[] {1, 2});

      bird.awaitRoute("10.45.0.0/24");
      assertThat(bird.birdc("show", "route", "all", "10.45.0.0/24").stdout())
          .contains("BGP.63 [t]: 01 02");
      assertThatThrownBy(() -> exabgp.send("announce route not-a-prefix next-hop self"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("ExaBGP rejected `announce route not-a-prefix");
    }
  }

  @Test
  void acceptsTheSessionWhenPassive() {
    try (Lab lab = Lab.create()) {
      Host exaHost = lab.host("exabgp");
      Host frrHost = lab.host("frr");
      lab.link(exaHost, "eth0", frrHost, "eth0");
      exaHost.addAddress("eth0", "10.0.2.4/24");
      frrHost.addAddress("eth0", "10.0.2.2/24");
      ExaBgp exabgp =
          ExaBgp.start(
              exaHost,
              BgpDaemonConfig.builder("4.4.4.4", 65004)
                  .neighbor(Neighbor.of("10.0.2.2", 65002).withLocalAddress("10.0.2.4").asPassive())
                  .originate("10.4.0.0/24")
                  .build());
      Frr frr =
          Frr.start(
              frrHost,
              BgpDaemonConfig.builder("2.2.2.2", 65002)
                  .neighbor(Neighbor.of("10.0.2.4", 65004))
                  .build());

      exabgp.awaitEstablished("10.0.2.2");
      assertThat(frr.awaitRoute("10.4.0.0/24").nextHops()).containsExactly("10.0.2.4");
    }
  }
}
