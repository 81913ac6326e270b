package dev.tabby.testbench.bgp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabby.testbench.ExecResult;
import dev.tabby.testbench.Host;
import dev.tabby.testbench.Lab;
import dev.tabby.testbench.Wait;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Packets follow routes learned over BGP: hostA — routerA (BIRD) — routerB (BIRD) — hostB, where
 * neither router has a static route to the far subnet; BIRD learns it from its peer and installs it
 * in its namespace's kernel.
 */
class RoutedPingIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  @Test
  void pingCrossesRoutersThatLearnedTheFarSubnetOverBgp() {
    try (Lab lab = Lab.create()) {
      Host hostA = lab.host("host-a");
      Host routerA = lab.host("router-a");
      Host routerB = lab.host("router-b");
      Host hostB = lab.host("host-b");
      lab.link(hostA, "eth0", routerA, "host");
      lab.link(routerA, "core", routerB, "core");
      lab.link(routerB, "host", hostB, "eth0");
      hostA.addAddress("eth0", "10.1.0.2/24").addRoute("default", "10.1.0.1");
      hostA.addAddress("eth0", "fd00:a::2/64").addRoute("default", "fd00:a::1");
      hostB.addAddress("eth0", "10.2.0.2/24").addRoute("default", "10.2.0.1");
      hostB.addAddress("eth0", "fd00:b::2/64").addRoute("default", "fd00:b::1");
      routerA.addAddress("host", "10.1.0.1/24").addAddress("host", "fd00:a::1/64");
      routerA.addAddress("core", "10.12.0.1/24").addAddress("core", "fd00:12::1/64");
      routerB.addAddress("host", "10.2.0.1/24").addAddress("host", "fd00:b::1/64");
      routerB.addAddress("core", "10.12.0.2/24").addAddress("core", "fd00:12::2/64");
      routerA.enableForwarding();
      routerB.enableForwarding();

      Bird birdA =
          Bird.start(
              routerA,
              BgpDaemonConfig.builder("10.12.0.1", 65001)
                  .neighbor(Neighbor.of("10.12.0.2", 65002))
                  .neighbor(Neighbor.of("fd00:12::2", 65002))
                  .originate("10.1.0.0/24", "fd00:a::/64")
                  .build());
      Bird birdB =
          Bird.start(
              routerB,
              BgpDaemonConfig.builder("10.12.0.2", 65002)
                  .neighbor(Neighbor.of("10.12.0.1", 65001))
                  .neighbor(Neighbor.of("fd00:12::1", 65001))
                  .originate("10.2.0.0/24", "fd00:b::/64")
                  .build());
      birdA.awaitRoute("10.2.0.0/24");
      birdB.awaitRoute("10.1.0.0/24");

      Wait.until(
          "router-a's kernel to route 10.2.0.0/24 via router-b, installed by BIRD",
          TIMEOUT,
          () -> routerA.routes("-4"),
          routes -> routes.contains("10.2.0.0/24 via 10.12.0.2 dev core proto bird"));
      Wait.until("host-a to ping host-b", TIMEOUT, () -> hostA.ping("10.2.0.2"), ExecResult::ok);
      Wait.until(
          "host-a to ping host-b over IPv6",
          TIMEOUT,
          () -> hostA.ping("fd00:b::2"),
          ExecResult::ok);

      // Take the route away again: the path must go with it.
      birdB.withdraw("10.2.0.0/24");
      Wait.until(
          "router-a's kernel to drop 10.2.0.0/24",
          TIMEOUT,
          () -> routerA.routes("-4"),
          routes -> !routes.contains("10.2.0.0/24"));
      assertThat(hostA.ping("10.2.0.2").ok()).as("ping after the route was withdrawn").isFalse();
    }
  }
}
