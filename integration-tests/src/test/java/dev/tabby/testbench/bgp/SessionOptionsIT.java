package dev.tabby.testbench.bgp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabby.testbench.Host;
import dev.tabby.testbench.Lab;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The session options reach each daemon: MD5, passive, hold time, ports. */
class SessionOptionsIT {

  /** BIRD in the middle (10.0.12.1 towards FRR at .2, 10.0.13.1 towards GoBGP at .3). */
  private record Hub(Host bird, Host frr, Host gobgp) {
    static Hub build(Lab lab) {
      Hub hub = new Hub(lab.host("bird"), lab.host("frr"), lab.host("gobgp"));
      lab.link(hub.bird, "frr", hub.frr, "bird");
      lab.link(hub.bird, "gobgp", hub.gobgp, "bird");
      hub.bird.addAddress("frr", "10.0.12.1/24").addAddress("gobgp", "10.0.13.1/24");
      hub.frr.addAddress("bird", "10.0.12.2/24");
      hub.gobgp.addAddress("bird", "10.0.13.3/24");
      return hub;
    }
  }

  @Test
  void md5ProtectedSessionsComeUpWithAPassiveSide() {
    try (Lab lab = Lab.create()) {
      Hub hub = Hub.build(lab);

      Bird bird =
          Bird.start(
              hub.bird(),
              BgpDaemonConfig.builder("1.1.1.1", 65001)
                  .neighbor(Neighbor.of("10.0.12.2", 65002).withPassword("frr-secret").asPassive())
                  .neighbor(
                      Neighbor.of("10.0.13.3", 65003).withPassword("gobgp-secret").asPassive())
                  .build());
      Frr.start(
          hub.frr(),
          BgpDaemonConfig.builder("2.2.2.2", 65002)
              .neighbor(Neighbor.of("10.0.12.1", 65001).withPassword("frr-secret"))
              .build());
      GoBgp.start(
          hub.gobgp(),
          BgpDaemonConfig.builder("3.3.3.3", 65003)
              .neighbor(Neighbor.of("10.0.13.1", 65001).withPassword("gobgp-secret"))
              .build());

      assertThat(bird.awaitAllEstablished()).hasSize(2);
    }
  }

  @Test
  void aPausedPeerLosesTheSessionWhenTheHoldTimerExpiresAndRegainsItWhenResumed() {
    try (Lab lab = Lab.create()) {
      Host birdHost = lab.host("bird");
      Host frrHost = lab.host("frr");
      lab.link(birdHost, "eth0", frrHost, "eth0");
      birdHost.addAddress("eth0", "10.0.0.1/24");
      frrHost.addAddress("eth0", "10.0.0.2/24");
      Bird bird =
          Bird.start(
              birdHost,
              BgpDaemonConfig.builder("1.1.1.1", 65001)
                  .neighbor(Neighbor.of("10.0.0.2", 65002).withHoldTime(3))
                  .build());
      Frr frr =
          Frr.start(
              frrHost,
              BgpDaemonConfig.builder("2.2.2.2", 65002)
                  .neighbor(Neighbor.of("10.0.0.1", 65001).withHoldTime(3))
                  .originate("10.2.0.0/24")
                  .build());
      bird.awaitRoute("10.2.0.0/24");

      frr.process().pause();
      bird.awaitNotEstablished("10.0.0.2", Duration.ofSeconds(10));
      bird.awaitNoRoute("10.2.0.0/24");
      frr.process().resume();

      bird.awaitEstablished("10.0.0.2");
      bird.awaitRoute("10.2.0.0/24");
    }
  }

  @Test
  void sessionsComeUpOnPortsOtherThan179() {
    try (Lab lab = Lab.create()) {
      Hub hub = Hub.build(lab);

      Bird bird =
          Bird.start(
              hub.bird(),
              BgpDaemonConfig.builder("1.1.1.1", 65001)
                  .listen(null, 1179)
                  .neighbor(Neighbor.of("10.0.12.2", 65002).withPort(2179))
                  .neighbor(Neighbor.of("10.0.13.3", 65003).withPort(3179))
                  .build());
      Frr.start(
          hub.frr(),
          BgpDaemonConfig.builder("2.2.2.2", 65002)
              .listen("10.0.12.2", 2179)
              .neighbor(Neighbor.of("10.0.12.1", 65001).withPort(1179))
              .build());
      GoBgp.start(
          hub.gobgp(),
          BgpDaemonConfig.builder("3.3.3.3", 65003)
              .listen("10.0.13.3", 3179)
              .neighbor(Neighbor.of("10.0.13.1", 65001).withPort(1179))
              .build());

      assertThat(bird.awaitAllEstablished()).hasSize(2);
    }
  }
}
