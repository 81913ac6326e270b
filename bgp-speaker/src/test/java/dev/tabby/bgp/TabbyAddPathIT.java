package dev.tabby.bgp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabby.testbench.Bridge;
import dev.tabby.testbench.Host;
import dev.tabby.testbench.Lab;
import dev.tabby.testbench.Wait;
import dev.tabby.testbench.bgp.BgpDaemonConfig;
import dev.tabby.testbench.bgp.BgpDaemonConfig.AddPaths;
import dev.tabby.testbench.bgp.Bird;
import dev.tabby.testbench.bgp.Frr;
import dev.tabby.testbench.bgp.LearnedRoute;
import dev.tabby.testbench.bgp.Neighbor;
import dev.tabby.testbench.bgp.TabbyBgp;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * ADD-PATH (RFC 7911) with BIRD and FRR: two routers announce one service address; every path
 * crosses Tabby, as a route reflector sending them to clients and as a client receiving them. All
 * hosts share one switch, in 10.0.0.0/24.
 */
class TabbyAddPathIT {
  private static final String PREFIX = "10.96.0.10/32";
  private static final String TABBY = "10.0.0.1";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** The hosts on the switch; host i (0: Tabby) has 10.0.0.(i+1). */
  private static List<Host> hosts(Lab lab, String... names) {
    Host sw = lab.host("sw");
    Bridge bridge = lab.bridge(sw, "br0");
    List<Host> hosts = new ArrayList<>();
    for (int i = 0; i < names.length; i++) {
      Host host = lab.host(names[i]);
      bridge.attach(host, "eth0");
      host.addAddress("eth0", "10.0.0." + (i + 1) + "/24");
      hosts.add(host);
    }
    return hosts;
  }

  /** An iBGP router of AS 65000 that originates the service address towards Tabby only. */
  private static Bird announcer(Host host, String address) {
    return Bird.start(
        host,
        BgpDaemonConfig.builder(address, 65000)
            .neighbor(Neighbor.of(TABBY, 65000))
            .originate(PREFIX)
            .originateOnly()
            .build());
  }

  @Test
  void aReflectorSendsBothPathsToBirdAndFrrClientsWithDistinctPathIds() {
    try (Lab lab = Lab.create()) {
      List<Host> hosts = hosts(lab, "tabby", "left", "right", "birdrx", "frrrx");
      announcer(hosts.get(1), "10.0.0.2");
      announcer(hosts.get(2), "10.0.0.3");
      Bird bird = receivingClient(hosts.get(3), "10.0.0.4");
      // FRR's bgpd offers to receive several paths on every session of its own accord.
      Frr frr =
          Frr.start(
              hosts.get(4),
              BgpDaemonConfig.builder("10.0.0.5", 65000)
                  .neighbor(Neighbor.of(TABBY, 65000))
                  .build());
      TabbyBgp tabby =
          reflector(
              hosts.get(0),
              """
                - {address: 10.0.0.2, as: 65000, connectRetryTime: 1, routeReflectorClient: true}
                - {address: 10.0.0.3, as: 65000, connectRetryTime: 1, routeReflectorClient: true}
                - address: 10.0.0.4
                  as: 65000
                  connectRetryTime: 1
                  routeReflectorClient: true
                  addPaths: send
                - address: 10.0.0.5
                  as: 65000
                  connectRetryTime: 1
                  routeReflectorClient: true
                  addPaths: {ipv4: send}
              """);

      List<LearnedRoute> birdPaths =
          Wait.until(
              "BIRD (add paths rx) to have both paths to " + PREFIX + " from Tabby",
              TabbyBgp.TIMEOUT,
              () -> bird.routes().stream().filter(r -> r.prefix().equals(PREFIX)).toList(),
              paths -> paths.size() == 2);
      assertThat(birdPaths).allSatisfy(path -> assertThat(path.peer()).isEqualTo(TABBY));
      assertThat(birdPaths)
          .flatExtracting(LearnedRoute::nextHops)
          .containsExactlyInAnyOrder("10.0.0.2", "10.0.0.3");

      JsonNode frrPaths =
          Wait.until(
              "FRR to have both paths to " + PREFIX + " from Tabby",
              TabbyBgp.TIMEOUT,
              () -> frrPaths(frr),
              paths -> paths.size() == 2);
      Set<String> frrNextHops = new TreeSet<>();
      Set<Long> pathIds = new TreeSet<>();
      for (JsonNode path : frrPaths) {
        frrNextHops.add(path.path("nexthops").path(0).path("ip").asString());
        pathIds.add(path.path("addpathRxId").asLong());
      }
      assertThat(frrNextHops).containsExactly("10.0.0.2", "10.0.0.3");
      assertThat(pathIds).as("FRR's addpathRxId of each path").hasSize(2).doesNotContain(0L);
      JsonNode client = tabby.peer("10.0.0.4");
      assertThat(client.path("advertised").asLong()).isEqualTo(2);
      assertThat(client.path("capabilities").path("addPaths").path("send").toString())
          .isEqualTo("[\"ipv4-unicast\"]");
    }
  }

  @Test
  void tabbyReceivesBothPathsFromBirdSendingThemAndPassesThemOn() {
    receivesBothPathsFromASenderAndPassesThemOn(Bird::start);
  }

  @Test
  void tabbyReceivesBothPathsFromFrrSendingThemAndPassesThemOn() {
    receivesBothPathsFromASenderAndPassesThemOn(Frr::start);
  }

  private interface Sender {
    Object start(Host host, BgpDaemonConfig config);
  }

  private static void receivesBothPathsFromASenderAndPassesThemOn(Sender daemon) {
    try (Lab lab = Lab.create()) {
      List<Host> hosts = hosts(lab, "tabby", "sender", "left", "right", "birdrx");
      // The sender learns the service address from two external routers and sends Tabby both.
      daemon.start(
          hosts.get(1),
          BgpDaemonConfig.builder("10.0.0.2", 65000)
              .neighbor(Neighbor.of(TABBY, 65000))
              .neighbor(Neighbor.of("10.0.0.3", 65001))
              .neighbor(Neighbor.of("10.0.0.4", 65002))
              .addPaths(AddPaths.SEND)
              .build());
      for (int i = 2; i <= 3; i++) {
        Bird.start(
            hosts.get(i),
            BgpDaemonConfig.builder("10.0.0." + (i + 1), 65000 + i - 1)
                .neighbor(Neighbor.of("10.0.0.2", 65000))
                .originate(PREFIX)
                .originateOnly()
                .build());
      }
      Bird client = receivingClient(hosts.get(4), "10.0.0.5");
      TabbyBgp tabby =
          reflector(
              hosts.get(0),
              """
                - {address: 10.0.0.2, as: 65000, connectRetryTime: 1, addPaths: receive}
                - address: 10.0.0.5
                  as: 65000
                  connectRetryTime: 1
                  routeReflectorClient: true
                  addPaths: send
                  addPathsSelect: all
              """);

      // Both paths received, the prefix accepted once: accepted counts prefixes. That Tabby holds
      // both paths shows below, where its client gets them both.
      Wait.until(
          "Tabby to receive two paths to " + PREFIX + " from the sender",
          TabbyBgp.TIMEOUT,
          () -> tabby.peer("10.0.0.2"),
          peer -> peer.path("received").asLong() >= 2 && peer.path("accepted").asLong() == 1);
      assertThat(tabby.awaitRoute(PREFIX).toString()).containsAnyOf("10.0.0.3", "10.0.0.4");
      List<LearnedRoute> passedOn =
          Wait.until(
              "BIRD to get both of Tabby's paths to " + PREFIX,
              TabbyBgp.TIMEOUT,
              () -> client.routes().stream().filter(r -> r.prefix().equals(PREFIX)).toList(),
              paths -> paths.size() == 2);
      assertThat(passedOn)
          .flatExtracting(LearnedRoute::nextHops)
          .containsExactlyInAnyOrder("10.0.0.3", "10.0.0.4");
    }
  }

  /** A BIRD client of Tabby's in AS 65000 that takes several paths per prefix. */
  private static Bird receivingClient(Host host, String address) {
    return Bird.start(
        host,
        BgpDaemonConfig.builder(address, 65000)
            .neighbor(Neighbor.of(TABBY, 65000))
            .addPaths(AddPaths.RECEIVE)
            .build());
  }

  /** Tabby as a route reflector of AS 65000 with these peers (YAML list items). */
  private static TabbyBgp reflector(Host host, String peers) {
    return TabbyBgp.start(
        host,
        """
        routerId: 10.0.0.1
        localAs: 65000
        clusterId: 10.0.0.1
        listen: {address: 10.0.0.1, port: 179}
        warmup: false
        peers:
        """
            + peers);
  }

  private static JsonNode frrPaths(Frr frr) {
    String out = frr.vtysh("show bgp ipv4 unicast " + PREFIX + " json").orThrow().stdout();
    return JSON.readTree(out.isBlank() ? "{}" : out).path("paths");
  }
}
