package dev.tabby.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabby.testbench.HostProcess;
import dev.tabby.testbench.Wait;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Graceful restart (RFC 4724) of a tabby-node that is itself the route reflector of the others: its
 * Node carries the cluster ID, the mesh is off, and the two other nodes peer only with it. Its
 * agent killed with SIGKILL and started again under a ping every 10 ms from a pod on one client to
 * a pod on the other, whose agent is held (SIGSTOP) for a few seconds as the reflector comes back:
 * the reflector sends the first client its routes and End-of-RIB only once the second is back and
 * has sent its own, so the first does not flush the second's block (which it learned through the
 * reflector) meanwhile. No ping is lost and no route leaves a client's kernel.
 */
class NodeReflectorRestartIT {

  private static final Duration CONVERGENCE = Duration.ofSeconds(60);

  /**
   * How long the second client stays away once the reflector is back: well inside the reflector's
   * peer wait (TABBY_GRACEFUL_RESTART_PEER_WAIT, 15 s).
   */
  private static final Duration SLOW_CLIENT = Duration.ofSeconds(3);

  @Test
  void aReflectingNodeRestartedLosesItsClientsNoRouteOfEachOther() throws InterruptedException {
    try (ClusterLab lab = SystemLabs.up(3, Topology.mesh)) {
      LabNode reflector = lab.nodes().get(0);
      List<LabNode> clients = lab.nodes().subList(1, 3);
      ReflectorNode.make(lab, reflector, clients, CONVERGENCE);
      LabPod from = podOn(lab, clients.get(0));
      LabPod to = podOn(lab, clients.get(1));
      Wait.until(
          "a pod on " + from.node().name() + " reaches one on " + to.node().name(),
          CONVERGENCE,
          () -> LabReport.reaches(from, to));
      TrafficWatch watch =
          TrafficWatch.start(
              from.host(), to.address(), clients.stream().map(LabNode::host).toList());

      // The clients' logs hold the first restart's End-of-RIB: only what follows counts.
      List<Integer> logsBefore =
          clients.stream().map(client -> lab.agent(client).log().length()).toList();
      lab.killAgent(reflector);
      for (LabNode client : clients) {
        Wait.until(
            client.name() + " keeps " + reflector.name() + "'s routes, stale",
            CONVERGENCE,
            () -> StateJson.peer(client.host(), client.httpUrl(), reflector.address()),
            peer ->
                !peer.path("state").asString().equals("Established")
                    && peer.path("stale").asLong() > 0);
      }
      HostProcess slowClient = lab.agent(clients.get(1));
      slowClient.pause();
      HostProcess restarted = lab.startAgent(reflector);
      lab.awaitReady(reflector);
      Wait.until(
          clients.get(0).name() + "'s session with the restarted " + reflector.name(),
          CONVERGENCE,
          () ->
              StateJson.peer(clients.get(0).host(), clients.get(0).httpUrl(), reflector.address()),
          peer -> peer.path("state").asString().equals("Established"));
      // The fault itself, not a wait for a condition: the client stays away this long.
      Thread.sleep(SLOW_CLIENT.toMillis());
      slowClient.resume();
      for (int i = 0; i < clients.size(); i++) {
        LabNode client = clients.get(i);
        int before = logsBefore.get(i);
        Wait.until(
            client.name() + " ends its help with " + reflector.name() + "'s End-of-RIB",
            CONVERGENCE,
            () -> lab.agent(client).log().substring(before),
            log ->
                log.contains("peer=" + reflector.address() + " event=graceful-restart-end-of-rib"));
      }
      String statistics = watch.stop("the reflecting node's agent killed and started again");

      restarted
          .log()
          .lines()
          .filter(l -> l.contains("event=initial-tables-"))
          .forEach(System.out::println);
      assertThat(restarted.log())
          .as("the reflector sent its tables once its clients had sent theirs")
          .contains("event=initial-tables-sent");
      assertThat(statistics).as("ping's statistics").contains(" 0% packet loss");
      for (LabNode client : clients) {
        assertThat(watch.deletedRoutes(client.host()))
            .as("kernel routes deleted on %s", client.name())
            .isEmpty();
      }
    }
  }

  private static LabPod podOn(ClusterLab lab, LabNode node) {
    return lab.pods().stream().filter(p -> p.node() == node).findFirst().orElseThrow();
  }
}
