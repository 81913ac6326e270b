package dev.tabby.bgp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabby.testbench.Host;
import dev.tabby.testbench.Lab;
import dev.tabby.testbench.bgp.BgpDaemonConfig;
import dev.tabby.testbench.bgp.Bird;
import dev.tabby.testbench.bgp.LearnedRoute;
import dev.tabby.testbench.bgp.Neighbor;
import dev.tabby.testbench.bgp.TabbyBgp;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Tabby's daemon and BIRD over iBGP. */
class TabbyBirdIT {

  private static String tabbyConfig(String... prefixes) {
    return TabbyIbgpConfig.yaml(List.of(prefixes), List.of("65000:7"));
  }

  @Test
  void ibgpSessionExchangesRoutesBothWaysAndWithdrawalsPropagate() {
    try (Lab lab = Lab.create()) {
      PeerLink link = PeerLink.create(lab, "bird");
      Host tabbyHost = link.tabby();
      Host birdHost = link.peer();

      Bird bird =
          Bird.start(
              birdHost,
              BgpDaemonConfig.builder("10.0.0.2", 65000)
                  .neighbor(Neighbor.of("10.0.0.1", 65000))
                  .originate("10.2.0.0/24")
                  .build());
      TabbyBgp tabby = TabbyBgp.start(tabbyHost, tabbyConfig("10.1.0.0/24", "10.1.1.0/24"));

      JsonNode session = tabby.awaitEstablished("10.0.0.2");
      assertThat(session.path("capabilities").path("families").toString()).contains("ipv4-unicast");
      bird.awaitEstablished("10.0.0.1");

      LearnedRoute atBird = bird.awaitRoute("10.1.0.0/24");
      assertThat(atBird.nextHops()).containsExactly("10.0.0.1");
      assertThat(atBird.asPath()).isEmpty();
      assertThat(atBird.communities()).containsExactly("65000:7");
      assertThat(atBird.localPref()).isEqualTo(100L);

      JsonNode atTabby = tabby.awaitRoute("10.2.0.0/24");
      assertThat(atTabby.path("nextHop").asString()).isEqualTo("10.0.0.2");
      assertThat(atTabby.path("from").asString()).isEqualTo("10.0.0.2");
      assertThat(atTabby.path("localPref").asLong()).isEqualTo(100);

      bird.withdraw("10.2.0.0/24");
      tabby.awaitNoRoute("10.2.0.0/24");
      bird.announce("10.2.1.0/24");
      tabby.awaitRoute("10.2.1.0/24");

      tabby.reload(tabbyConfig("10.1.1.0/24", "10.1.2.0/24"));
      bird.awaitNoRoute("10.1.0.0/24");
      bird.awaitRoute("10.1.2.0/24");
      assertThat(tabby.peer("10.0.0.2").path("state").asString())
          .as("the unchanged session survives the reload")
          .isEqualTo("Established");

      JsonNode counts = tabby.peer("10.0.0.2");
      assertThat(counts.path("accepted").asLong()).isEqualTo(1);
      assertThat(counts.path("advertised").asLong()).isEqualTo(2);
    }
  }
}
