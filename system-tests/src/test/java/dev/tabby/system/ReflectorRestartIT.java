package dev.tabby.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabby.api.v1.BGPPeer;
import dev.tabby.testbench.HostProcess;
import dev.tabby.testbench.Wait;
import dev.tabby.testbench.bgp.Frr;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Graceful restart of the reflectors (RFC 4724): in the rr topology both tabby-rr reflectors are
 * killed with SIGKILL at once, so that no redundancy is left, and started again, under a ping every
 * 10 ms between pods on different nodes. The nodes, as helpers, keep the reflectors' routes in
 * their kernels throughout, take them again as the reflectors send them, and flush at the
 * reflectors' End-of-RIB what they no longer reflect (the prefix of an FRR non-client gone while
 * they were down).
 */
class ReflectorRestartIT {

  private static final Duration CONVERGENCE = Duration.ofSeconds(60);
  private static final String FRR_ADDRESS = "10.0.0.240";

  /** What the FRR non-client announces: reflected to the nodes, gone after the restart. */
  private static final String GONE_PREFIX = "10.99.0.0/24";

  @Test
  void bothReflectorsKilledAndStartedAgainLoseNoPingAndNoPodRoute() {
    try (ClusterLab lab = SystemLabs.up(2, Topology.rr)) {
      Frr frr =
          lab.addNonClient(
              "frr", FRR_ADDRESS, config -> config.originate(GONE_PREFIX).gracefulRestart());
      assertThat(new LabReport(lab, System.out).run()).isEmpty();
      List<LabNode> nodes = lab.nodes();
      for (LabNode node : nodes) {
        KernelRoutes.await(node, GONE_PREFIX, true, CONVERGENCE);
      }
      for (LabReflector reflector : lab.reflectors()) {
        assertOffersGracefulRestart(frr, reflector);
      }

      LabPod from = lab.pods().stream().filter(p -> p.node() == nodes.get(0)).findFirst().get();
      LabPod to = lab.pods().stream().filter(p -> p.node() == nodes.get(1)).findFirst().get();
      TrafficWatch watch =
          TrafficWatch.start(from.host(), to.address(), nodes.stream().map(LabNode::host).toList());

      lab.reflectors().forEach(lab::killReflector);
      for (LabNode node : nodes) {
        for (LabReflector reflector : lab.reflectors()) {
          Wait.until(
              node.name() + " keeps " + reflector.name() + "'s routes, stale",
              CONVERGENCE,
              () -> StateJson.peer(node.host(), node.httpUrl(), reflector.address()),
              peer ->
                  !peer.path("state").asString().equals("Established")
                      && peer.path("stale").asLong() > 0);
        }
      }
      // While the reflectors are down, the non-client goes for good: they will not learn its
      // prefix again, and the nodes must flush it at their End-of-RIB.
      frr.stop();
      lab.api().list(BGPPeer.class).stream()
          .filter(peer -> peer.getMetadata().getName().equals("frr-non-client"))
          .forEach(lab.api()::delete);
      List<HostProcess> restarted = lab.reflectors().stream().map(lab::startReflector).toList();
      lab.reflectors().forEach(lab::awaitReady);
      for (LabNode node : nodes) {
        for (LabReflector reflector : lab.reflectors()) {
          Wait.until(
              node.name() + " ends its help with " + reflector.name() + "'s End-of-RIB",
              CONVERGENCE,
              () -> lab.agent(node).log(),
              log ->
                  log.contains(
                      "peer=" + reflector.address() + " event=graceful-restart-end-of-rib"));
        }
        KernelRoutes.await(node, GONE_PREFIX, false, CONVERGENCE);
      }
      String statistics = watch.stop("both reflectors killed and started again");

      assertThat(statistics).as("ping's statistics").contains(" 0% packet loss");
      for (LabNode node : nodes) {
        assertThat(watch.deletedRoutes(node.host()))
            .as("kernel routes deleted on %s", node.name())
            .allMatch(
                line -> line.startsWith("Deleted " + GONE_PREFIX + " "), "only " + GONE_PREFIX);
        for (LabReflector reflector : lab.reflectors()) {
          JsonNode peer = StateJson.peer(node.host(), node.httpUrl(), reflector.address());
          assertThat(peer.path("state").asString()).isEqualTo("Established");
          assertThat(peer.path("stale").asLong())
              .as("%s's routes still stale at %s", reflector.name(), node.name())
              .isZero();
        }
      }
      for (HostProcess reflector : restarted) {
        reflector
            .log()
            .lines()
            .filter(l -> l.contains("event=initial-tables-"))
            .forEach(System.out::println);
        assertThat(reflector.log())
            .as("%s sent its tables once its peers had sent theirs", reflector.host().name())
            .contains("event=initial-tables-sent");
      }
      for (LabPod a : lab.pods()) {
        for (LabPod b : lab.pods()) {
          if (a != b) {
            assertThat(LabReport.reaches(a, b)).as("%s reaches %s", a.name(), b.name()).isTrue();
          }
        }
      }
    }
  }

  /**
   * The reflector's capability as FRR received it: IPv4 unicast with the Forwarding State bit, and
   * the restart time.
   */
  private static void assertOffersGracefulRestart(Frr frr, LabReflector reflector) {
    String json =
        frr.vtysh("show bgp neighbors " + reflector.address() + " json").orThrow().stdout();
    System.out.println(reflector.name() + " as FRR sees its graceful restart: " + json);
    JsonNode info = StateJson.parse(json).path(reflector.address()).path("gracefulRestartInfo");
    assertThat(info.path("remoteGrMode").asString()).as(json).isEqualTo("Restart");
    assertThat(info.path("timers").path("receivedRestartTimer").asInt()).as(json).isEqualTo(120);
    assertThat(info.path("ipv4Unicast").path("fBit").asBoolean()).as(json).isTrue();
  }
}
