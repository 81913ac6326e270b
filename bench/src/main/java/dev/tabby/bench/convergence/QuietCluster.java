package dev.tabby.bench.convergence;

import dev.tabby.bench.bgp.ProcessCpu;
import dev.tabby.system.ClusterLab;
import dev.tabby.system.LabNode;
import dev.tabby.testbench.Wait;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Waits until a cluster has settled before a clock starts: every agent's full mesh Established,
 * then the agents together idle (their summed CPU over a short window under a threshold), so that
 * what is timed is the event, not a start-up still finishing.
 */
final class QuietCluster {

  private static final Pattern ESTABLISHED =
      Pattern.compile("(?m)^tabby_bgp_sessions\\{state=\"Established\"\\} (\\S+)$");
  private static final Duration MESH_TIMEOUT = Duration.ofMinutes(5);
  private static final Duration IDLE_WINDOW = Duration.ofSeconds(2);
  private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(90);

  /** Idle: all agents together use less than this share of one core (keepalives, timers). */
  private static final double IDLE_CORES = 0.15;

  private final ClusterLab lab;

  QuietCluster(ClusterLab lab) {
    this.lab = lab;
  }

  /** Waits until each of {@code live} has a session Established with every other one. */
  void awaitMesh(List<LabNode> live) {
    Wait.until(
        "every one of "
            + live.size()
            + " agents with "
            + (live.size() - 1)
            + " sessions Established",
        MESH_TIMEOUT,
        () -> notMeshed(live),
        List::isEmpty);
  }

  private List<String> notMeshed(List<LabNode> live) {
    List<String> behind = new ArrayList<>();
    for (LabNode node : live) {
      String metrics =
          node.host().exec("curl", "-s", "-m", "2", node.httpUrl() + "/metrics").stdout();
      Matcher established = ESTABLISHED.matcher(metrics);
      int sessions = established.find() ? (int) Double.parseDouble(established.group(1)) : 0;
      if (sessions != live.size() - 1) {
        behind.add(node.name() + ":" + sessions);
      }
    }
    return behind;
  }

  /**
   * Waits until the agents of {@code live} are idle together; returns the cores they used in the
   * last window (above the threshold only if the wait timed out, which the report shows).
   */
  double awaitIdle(List<LabNode> live) {
    long deadline = System.nanoTime() + IDLE_TIMEOUT.toNanos();
    double cores;
    do {
      cores = coresUsed(live);
    } while (cores >= IDLE_CORES && System.nanoTime() < deadline);
    return cores;
  }

  private double coresUsed(List<LabNode> live) {
    long before = cpuNanos(live);
    long start = System.nanoTime();
    Pause.of(IDLE_WINDOW);
    return (double) (cpuNanos(live) - before) / (System.nanoTime() - start);
  }

  private long cpuNanos(List<LabNode> live) {
    long total = 0;
    for (LabNode node : live) {
      Duration used = ProcessCpu.used(lab.agent(node).pid());
      total += used == null ? 0 : used.toNanos();
    }
    return total;
  }
}
