package dev.tabby.testbench.bgp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabby.testbench.Host;
import dev.tabby.testbench.Lab;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * A router configured with {@link BgpDaemonConfig.Builder#originateOnly()} accepts nothing and
 * announces only its own prefixes, whichever daemon plays it: upstream (BIRD) — middle — downstream
 * (BIRD), where only the middle router's prefix may reach downstream.
 */
class OriginateOnlyIT {

  @Test
  void birdInTheMiddle() {
    passesOnlyItsOwnPrefix(Bird::start);
  }

  @Test
  void frrInTheMiddle() {
    passesOnlyItsOwnPrefix(Frr::start);
  }

  @Test
  void goBgpInTheMiddle() {
    passesOnlyItsOwnPrefix(GoBgp::start);
  }

  private static void passesOnlyItsOwnPrefix(
      BiFunction<Host, BgpDaemonConfig, BgpDaemon> middleDaemon) {
    try (Lab lab = Lab.create()) {
      Host up = lab.host("up");
      Host middle = lab.host("middle");
      Host down = lab.host("down");
      lab.link(up, "eth0", middle, "up");
      lab.link(middle, "down", down, "eth0"); // "down": an ip keyword, on purpose
      up.addAddress("eth0", "10.0.1.1/24");
      middle.addAddress("up", "10.0.1.2/24").addAddress("down", "10.0.2.2/24");
      down.addAddress("eth0", "10.0.2.3/24");

      Bird upstream =
          Bird.start(
              up,
              BgpDaemonConfig.builder("1.1.1.1", 65001)
                  .neighbor(Neighbor.of("10.0.1.2", 65002))
                  .originate("10.1.0.0/24")
                  .build());
      BgpDaemon router =
          middleDaemon.apply(
              middle,
              BgpDaemonConfig.builder("2.2.2.2", 65002)
                  .neighbor(Neighbor.of("10.0.1.1", 65001))
                  .neighbor(Neighbor.of("10.0.2.3", 65003))
                  .originate("10.2.0.0/24")
                  .originateOnly()
                  .build());
      Bird downstream =
          Bird.start(
              down,
              BgpDaemonConfig.builder("3.3.3.3", 65003)
                  .neighbor(Neighbor.of("10.0.2.2", 65002))
                  .build());

      router.awaitAllEstablished();
      upstream.awaitRoute("10.2.0.0/24");
      downstream.awaitRoute("10.2.0.0/24");
      // The upstream announced 10.1.0.0/24 when its session came up, before the middle router's
      // own prefix reached it; by now the middle router has had it and must have refused it.
      assertThat(router.routes()).as("routes accepted by %s", router).isEmpty();
      assertThat(downstream.routes())
          .extracting(LearnedRoute::prefix)
          .containsExactly("10.2.0.0/24");
    }
  }
}
