package dev.tabby.bgp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabby.testbench.Bridge;
import dev.tabby.testbench.Host;
import dev.tabby.testbench.Lab;
import dev.tabby.testbench.Wait;
import dev.tabby.testbench.bgp.BgpDaemonConfig;
import dev.tabby.testbench.bgp.Bird;
import dev.tabby.testbench.bgp.Frr;
import dev.tabby.testbench.bgp.GoBgp;
import dev.tabby.testbench.bgp.Neighbor;
import dev.tabby.testbench.bgp.TabbyBgp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Dynamic neighbours: tabby-bgp, a route reflector with no peer configured, only a range of
 * addresses and an AS. BIRD and FRR in the range come up as reflector clients without a config line
 * and get each other's routes; when BIRD stops it is forgotten. GoBGP outside the range, and BIRD
 * in it with another AS, are refused.
 */
class TabbyDynamicPeersIT {

  private static final Duration DEADLINE = Duration.ofSeconds(30);
  private static final String TABBY = "10.0.0.1";

  private static final String CONFIG =
      """
      routerId: 10.0.0.1
      localAs: 65000
      clusterId: 10.0.0.1
      listen: {address: 10.0.0.1, port: 179}
      warmup: false
      peerRanges:
        - prefix: 10.0.0.0/28
          as: 65000
          routeReflectorClient: true
          holdTime: 9
      """;

  @Test
  void peersFromTheRangeComeAndGoAndOthersAreRefused() {
    try (Lab lab = Lab.create()) {
      Host fabric = lab.host("fabric");
      Bridge segment = lab.bridge(fabric, "br0");
      Host tabbyHost = host(lab, segment, "tabby", TABBY);
      TabbyBgp tabby = TabbyBgp.start(tabbyHost, CONFIG);

      Bird bird =
          Bird.start(
              host(lab, segment, "bird", "10.0.0.2"),
              client("10.0.0.2", 65000).originate("10.2.0.0/24").build());
      Frr frr =
          Frr.start(
              host(lab, segment, "frr", "10.0.0.3"),
              client("10.0.0.3", 65000).originate("10.3.0.0/24").build());

      tabby.awaitEstablished("10.0.0.2");
      tabby.awaitEstablished("10.0.0.3");
      assertThat(tabby.peer("10.0.0.2").path("as").asLong()).isEqualTo(65000);
      bird.awaitRoute("10.3.0.0/24");
      frr.awaitRoute("10.2.0.0/24");

      GoBgp outsider =
          GoBgp.start(host(lab, segment, "gobgp", "10.0.0.20"), client("10.0.0.20", 65000).build());
      Bird wrongAs =
          Bird.start(host(lab, segment, "wrongas", "10.0.0.5"), client("10.0.0.5", 65099).build());
      awaitLog(tabby, "peer=10.0.0.20 event=connection-rejected reason=\"not a configured peer\"");
      awaitLog(tabby, "peer=10.0.0.5 event=dynamic-peer-gone range=10.0.0.0/28");
      awaitLog(tabby, "peer announced AS 65099, configured 65000");
      Wait.until(
          "the refused peer at 10.0.0.5 forgotten",
          DEADLINE,
          () -> addresses(tabby),
          addresses -> !addresses.contains("10.0.0.5"));
      assertThat(addresses(tabby)).containsExactly("10.0.0.2", "10.0.0.3");
      assertThat(outsider.neighbor(TABBY).established()).isFalse();
      assertThat(wrongAs.neighbor(TABBY).established()).isFalse();

      bird.stop();
      Wait.until(
          "BIRD forgotten once its session ended",
          DEADLINE,
          () -> addresses(tabby),
          addresses -> addresses.equals(List.of("10.0.0.3")));
      frr.awaitNoRoute("10.2.0.0/24");
    }
  }

  private static Host host(Lab lab, Bridge segment, String name, String address) {
    Host host = lab.host(name);
    segment.attach(host, "eth0");
    host.addAddress("eth0", address + "/24");
    return host;
  }

  /** A daemon that connects to Tabby; Tabby has no line for it. */
  private static BgpDaemonConfig.Builder client(String address, long as) {
    return BgpDaemonConfig.builder(address, as).neighbor(Neighbor.of(TABBY, 65000));
  }

  private static List<String> addresses(TabbyBgp tabby) {
    List<String> addresses = new ArrayList<>();
    for (JsonNode peer : tabby.peers().path("peers")) {
      addresses.add(peer.path("address").asString());
    }
    return addresses;
  }

  private static void awaitLog(TabbyBgp tabby, String line) {
    Path log = tabby.process().logFile();
    Wait.until(
        "tabby-bgp logs " + line + " (" + log + ")",
        DEADLINE,
        () -> {
          try {
            return Files.readString(log).contains(line);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }
}
