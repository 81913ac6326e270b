package dev.tabby.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabby.testbench.Host;
import dev.tabby.testbench.Wait;
import dev.tabby.testbench.bgp.BgpDaemon;
import dev.tabby.testbench.bgp.BgpDaemonConfig;
import dev.tabby.testbench.bgp.BgpDaemonConfig.AddPaths;
import dev.tabby.testbench.bgp.Bird;
import dev.tabby.testbench.bgp.Frr;
import dev.tabby.testbench.bgp.LearnedRoute;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * ADD-PATH (RFC 7911) through the tabby-rr reflectors of the rr topology: BIRD and FRR, both
 * route-reflector clients, announce one service address; every tabby-node client gets both paths
 * from each reflector and installs one ECMP kernel route through both routers. When BIRD withdraws
 * the address, the route is replaced by the single path through FRR, never deleted, under a ping.
 * Two more clients show what the reflectors send: FRR, which takes several paths, gets both under
 * distinct path identifiers; BIRD without ADD-PATH gets each reflector's best path alone, one next
 * hop, which is all a client would have without ADD-PATH.
 */
class AddPathEcmpIT {

  private static final Duration CONVERGENCE = Duration.ofSeconds(60);

  /** The service address both announcers own (on their loopback) and announce. */
  private static final String SERVICE = "10.96.0.10";

  private static final String SERVICE_PREFIX = SERVICE + "/32";
  private static final String BIRD_ADDRESS = "10.0.0.241";
  private static final String FRR_ADDRESS = "10.0.0.242";
  private static final String LISTENER_ADDRESS = "10.0.0.243";
  private static final String PLAIN_ADDRESS = "10.0.0.244";

  @Test
  void bothAnnouncersBecomeOneEcmpRouteOnEveryNodeAndAWithdrawalReplacesIt() {
    try (ClusterLab lab = SystemLabs.up(2, Topology.rr)) {
      Bird bird = announcer(lab, "bird", BIRD_ADDRESS, Bird::start);
      announcer(lab, "frr", FRR_ADDRESS, Frr::start);
      // FRR offers to receive several paths on every session of its own accord.
      Frr listener = lab.addClient("listener", LISTENER_ADDRESS, config -> config, Frr::start);
      Bird plain = lab.addClient("plain", PLAIN_ADDRESS, config -> config, Bird::start);

      Set<String> both = Set.of(BIRD_ADDRESS, FRR_ADDRESS);
      for (LabNode node : lab.nodes()) {
        String route = KernelRoutes.awaitGateways(node, SERVICE_PREFIX, both, CONVERGENCE);
        System.out.println(node.name() + "'s kernel route with both announcers:\n" + route);
        assertThat(route)
            .as("one route, not two")
            .startsWith(SERVICE + " ")
            .containsOnlyOnce(SERVICE);
        JsonNode listed =
            StateJson.get(node.host(), node.httpUrl() + "/routes?prefix=" + SERVICE_PREFIX)
                .path("routes")
                .path(0);
        assertThat(texts(listed.path("nextHops")))
            .as("the next hops %s's /routes lists: %s", node.name(), listed)
            .isEqualTo(both);
        for (LabReflector reflector : lab.reflectors()) {
          JsonNode session = StateJson.peer(node.host(), node.httpUrl(), reflector.address());
          assertThat(session.path("capabilities").path("addPaths").path("receive").toString())
              .as("%s receives several paths from %s", node.name(), reflector.name())
              .contains("ipv4-unicast");
        }
      }
      for (LabReflector reflector : lab.reflectors()) {
        assertSendsSeveralPaths(reflector);
      }

      Map<String, Set<String>> nextHopsByReflector = awaitListenerPaths(listener, lab);
      for (LabReflector reflector : lab.reflectors()) {
        assertThat(nextHopsByReflector.get(reflector.address()))
            .as("the next hops FRR hears from %s", reflector.name())
            .isEqualTo(both);
      }
      // Without ADD-PATH a client hears each reflector's best path alone: BIRD's, whose
      // ORIGINATOR_ID is the lower.
      List<LearnedRoute> plainPaths =
          Wait.until(
              "BIRD without ADD-PATH to hear " + SERVICE_PREFIX + " via BIRD from each reflector",
              CONVERGENCE,
              () -> plain.routes(SERVICE_PREFIX),
              paths ->
                  paths.size() == lab.reflectors().size()
                      && paths.stream().allMatch(p -> p.nextHops().equals(List.of(BIRD_ADDRESS))));
      assertThat(plainPaths)
          .extracting(LearnedRoute::peer)
          .as("one path from each reflector")
          .containsExactlyInAnyOrderElementsOf(
              lab.reflectors().stream().map(LabReflector::address).toList());

      // BIRD withdraws the address; it keeps it on its loopback, so a packet it still gets is
      // answered, and the ping only loses packets if the route went away on the way.
      LabNode from = lab.nodes().get(0);
      TrafficWatch watch =
          TrafficWatch.start(
              from.host(), SERVICE, lab.nodes().stream().map(LabNode::host).toList());
      bird.withdraw(SERVICE_PREFIX);
      for (LabNode node : lab.nodes()) {
        String route =
            KernelRoutes.awaitGateways(node, SERVICE_PREFIX, Set.of(FRR_ADDRESS), CONVERGENCE);
        System.out.println(node.name() + "'s kernel route once BIRD withdrew:\n" + route);
      }
      String statistics = watch.stop("BIRD withdrew " + SERVICE_PREFIX);
      assertThat(statistics).as("ping's statistics").contains(" 0% packet loss");
      for (LabNode node : lab.nodes()) {
        assertThat(watch.routeChanges(node.host()))
            .as("kernel route changes on %s", node.name())
            .anyMatch(line -> line.startsWith(SERVICE + " via " + FRR_ADDRESS + " "))
            .noneMatch(line -> line.startsWith("Deleted " + SERVICE + " "));
      }

      bird.announce(SERVICE_PREFIX);
      for (LabNode node : lab.nodes()) {
        KernelRoutes.awaitGateways(node, SERVICE_PREFIX, both, CONVERGENCE);
      }
    }
  }

  /**
   * A client of the reflectors that owns the service address (on its loopback) and announces it,
   * offering ADD-PATH both ways.
   */
  private static <D extends BgpDaemon> D announcer(
      ClusterLab lab, String name, String address, BiFunction<Host, BgpDaemonConfig, D> daemon) {
    D router =
        lab.addClient(
            name,
            address,
            config -> config.originate(SERVICE_PREFIX).addPaths(AddPaths.BOTH),
            daemon);
    router.host().addAddress("lo", SERVICE_PREFIX);
    return router;
  }

  private static Set<String> texts(JsonNode array) {
    Set<String> texts = new TreeSet<>();
    array.forEach(element -> texts.add(element.asString()));
    return texts;
  }

  /**
   * The reflector offered ADD-PATH send to the clients (the announcers, which both offer receive,
   * and the listener) and not to the plain client, which offers nothing.
   */
  private static void assertSendsSeveralPaths(LabReflector reflector) {
    for (String client : List.of(BIRD_ADDRESS, FRR_ADDRESS, LISTENER_ADDRESS, PLAIN_ADDRESS)) {
      JsonNode session =
          Wait.until(
              reflector.name() + "'s session with " + client,
              CONVERGENCE,
              () -> StateJson.peer(reflector.host(), reflector.stateUrl(), client),
              peer -> peer.path("state").asString().equals("Established"));
      List<String> send = new ArrayList<>();
      session
          .path("capabilities")
          .path("addPaths")
          .path("send")
          .forEach(f -> send.add(f.asString()));
      assertThat(send)
          .as("%s sends %s several paths: %s", reflector.name(), client, session)
          .isEqualTo(client.equals(PLAIN_ADDRESS) ? List.of() : List.of("ipv4-unicast"));
    }
  }

  /**
   * Waits until the listening FRR holds two paths to the service address from each reflector, each
   * under a path identifier of its own; returns their next hops by reflector.
   */
  private static Map<String, Set<String>> awaitListenerPaths(Frr listener, ClusterLab lab) {
    JsonNode paths =
        Wait.until(
            "FRR (several paths) to hear " + SERVICE_PREFIX + " twice from each reflector",
            CONVERGENCE,
            () -> {
              String out =
                  listener
                      .vtysh("show bgp ipv4 unicast " + SERVICE_PREFIX + " json")
                      .orThrow()
                      .stdout();
              return StateJson.parse(out.isBlank() ? "{}" : out).path("paths");
            },
            found -> found.size() == 2 * lab.reflectors().size());
    System.out.println("FRR's paths to " + SERVICE_PREFIX + ": " + paths);
    Map<String, Set<String>> nextHops = new HashMap<>();
    Map<String, Set<Long>> pathIds = new HashMap<>();
    for (JsonNode path : paths) {
      String reflector = path.path("peer").path("peerId").asString();
      nextHops
          .computeIfAbsent(reflector, r -> new TreeSet<>())
          .add(path.path("nexthops").path(0).path("ip").asString());
      pathIds
          .computeIfAbsent(reflector, r -> new TreeSet<>())
          .add(path.path("addpathRxId").asLong());
    }
    pathIds.forEach(
        (reflector, ids) ->
            assertThat(ids)
                .as("FRR's addpathRxId of the paths from %s", reflector)
                .hasSize(2)
                .doesNotContain(0L));
    return nextHops;
  }
}
