package dev.tabby.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabby.testbench.HostProcess;
import dev.tabby.testbench.Wait;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A node agent told to stop (SIGTERM) after the Kubernetes API went away: it ends its sessions
 * first, then tries the API once, briefly, logs once what it could not write, and exits by itself
 * instead of waiting for the API until it is killed. Its pods keep forwarding without it, and it
 * stops as a speaker that restarts gracefully (a plain Cease, RFC 8538), so its peer keeps its
 * routes as stale rather than cutting its pods off.
 */
class AgentStopIT {

  private static final Duration CONVERGENCE = Duration.ofSeconds(60);

  /** HostProcess.stop's SIGKILL comes 5 s after SIGTERM and gives exit code 137. */
  private static final int EXIT_AFTER_SIGTERM = 143;

  private static ClusterLab lab;

  @BeforeAll
  static void up() {
    lab = SystemLabs.up(2, Topology.mesh);
  }

  @AfterAll
  static void down() {
    if (lab != null) {
      lab.close();
    }
  }

  @Test
  void withTheApiGoneAStoppedAgentEndsItsSessionsTriesTheApiOnceAndExits() {
    LabNode node1 = lab.nodes().get(0);
    LabNode node2 = lab.nodes().get(1);
    String node1Block = new LabReport(lab, System.out).blocksByNode().get(node1.name()).get(0);
    Wait.until(
        "node2 to route " + node1Block + " (node1's block)",
        CONVERGENCE,
        () -> node2.host().exec("ip", "route", "show", node1Block).stdout(),
        routes -> routes.contains(node1Block));

    lab.stopApi();
    HostProcess agent = lab.agent(node1);
    long stopping = System.nanoTime();
    agent.stop();
    System.out.printf(
        "node1's agent exited %d ms after SIGTERM%n", (System.nanoTime() - stopping) / 1_000_000);

    String log = agent.log();
    assertThat(agent.exitCode())
        .as("exit code (137: killed after ignoring SIGTERM)")
        .isEqualTo(EXIT_AFTER_SIGTERM);
    assertThat(log).contains("event=agent-stopped");
    int withdrawn = log.indexOf("event=notification-sent 6/2 (Cease / Administrative Shutdown");
    int notWritten = log.indexOf("event=network-down-failed");
    assertThat(withdrawn).as("the Cease to node2 sent").isNotNegative();
    assertThat(notWritten)
        .as("the API write tried, and its failure logged, after the Cease went out")
        .isGreaterThan(withdrawn);
    assertThat(log.lines().filter(line -> line.contains("event=network-down-failed")))
        .singleElement()
        .asString()
        .contains(
            "not-written=\"Node " + node1.name() + " NetworkUnavailable=True (TabbyIsDown)\"");
    Wait.until(
        "node2 to keep node1's routes stale after its Cease",
        CONVERGENCE,
        () -> lab.agent(node2).log(),
        text -> text.contains("peer=" + node1.address() + " event=graceful-restart-begin"));
    assertThat(node2.host().exec("ip", "route", "show", node1Block).stdout())
        .as("node1's block on node2 while node1's agent is away")
        .contains(node1Block);
  }
}
