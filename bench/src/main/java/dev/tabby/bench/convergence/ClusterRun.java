package dev.tabby.bench.convergence;

import dev.tabby.bench.bgp.ProcessMemory;
import dev.tabby.bench.convergence.AgentLog.Claim;
import dev.tabby.system.ClusterLab;
import dev.tabby.system.LabNode;
import dev.tabby.system.Topology;
import dev.tabby.testbench.Wait;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * One cluster size: a mesh lab of {@code nodes - 1} agents started one after another, then in each
 * round a new node that makes the cluster {@code nodes} strong claims its first block (timed to its
 * route in every other node's kernel) and then leaves in one of the {@link Death} ways (timed to
 * its route gone from every other node's kernel).
 */
final class ClusterRun {

  private static final Duration ROUTE_TIMEOUT = Duration.ofSeconds(120);

  /** The mesh's hold time (the speaker's default, 90 s) plus room for a loaded machine. */
  private static final Duration WITHDRAW_TIMEOUT = Duration.ofSeconds(180);

  private static final Duration CLAIM_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration POLL = Duration.ofMillis(100);

  private final int size;
  private final int rounds;
  private final Path root;
  private final PrintStream progress;
  private final Map<LabNode, RouteMonitor> monitors = new LinkedHashMap<>();
  private final List<LabNode> live = new ArrayList<>();
  private ClusterLab lab;
  private QuietCluster quiet;

  ClusterRun(int size, int rounds, Path root, PrintStream progress) {
    this.size = size;
    this.rounds = rounds;
    this.root = root;
    this.progress = progress;
  }

  ConvergenceResult run() {
    String loadBefore = Load.now();
    List<ClaimSample> claims = new ArrayList<>();
    List<DeathSample> deaths = new ArrayList<>();
    List<Long> resident = List.of();
    try (ClusterLab cluster =
        ClusterLab.up(new ClusterLab.Options(1, Topology.mesh, Optional.empty(), root), progress)) {
      lab = cluster;
      quiet = new QuietCluster(cluster);
      LabNode first = cluster.nodes().get(0);
      watch(first);
      live.add(first);
      while (live.size() < size - 1) {
        LabNode node = startNode();
        cluster.addPods(node, 1);
      }
      for (int round = 0; round < rounds; round++) {
        LabNode node = startNode();
        claims.add(claimFirstBlock(node));
        if (round == 0) {
          resident =
              live.stream().map(n -> ProcessMemory.residentBytes(lab.agent(n).pid())).toList();
        }
        deaths.add(leave(node, claims.get(round).claim().block(), Death.values()[round % 3]));
      }
      return new ConvergenceResult(
          size,
          claims,
          deaths,
          resident,
          JavaOptions.of(cluster.agent(first).pid()),
          loadBefore,
          Load.now());
    }
  }

  /** Starts the next node's agent (after the previous one is ready: a staggered start). */
  private LabNode startNode() {
    LabNode node = lab.addNode();
    watch(node);
    lab.awaitReady(node);
    live.add(node);
    return node;
  }

  private void watch(LabNode node) {
    monitors.put(node, RouteMonitor.start(node));
  }

  private ClaimSample claimFirstBlock(LabNode node) {
    quiet.awaitMesh(live);
    double idle = quiet.awaitIdle(live);
    progress.println("==> timing " + node.name() + "'s first block (" + live.size() + " nodes)");
    Instant addStarted = Instant.now();
    lab.addPods(node, 1);
    Claim claim =
        Wait.until(
                node.name() + "'s block claim in its log",
                CLAIM_TIMEOUT,
                () -> AgentLog.firstClaim(lab.agent(node)),
                Optional::isPresent)
            .get();
    Spread routes =
        await(
            others(node),
            claim.at(),
            ROUTE_TIMEOUT,
            monitor -> monitor.added(claim.block(), addStarted));
    Optional<Instant> originated = AgentLog.originated(lab.agent(node), claim.block());
    return new ClaimSample(claim, addStarted, originated, routes, idle);
  }

  private DeathSample leave(LabNode node, String block, Death death) {
    double idle = quiet.awaitIdle(live);
    progress.println("==> timing " + node.name() + "'s departure: " + death.label());
    live.remove(node);
    Instant start = death.inflict(lab, node);
    Spread removals =
        await(others(node), start, WITHDRAW_TIMEOUT, monitor -> monitor.deleted(block, start));
    death.cleanUp(lab, node);
    return new DeathSample(death, removals, idle);
  }

  private List<RouteMonitor> others(LabNode node) {
    return live.stream().filter(other -> !other.equals(node)).map(monitors::get).toList();
  }

  /**
   * Waits until every monitor has seen the event (or the timeout passes) and returns when each saw
   * it, from the event's own start.
   */
  private static Spread await(
      List<RouteMonitor> watched,
      Instant start,
      Duration timeout,
      Function<RouteMonitor, Optional<Instant>> seen) {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<Optional<Instant>> times = watched.stream().map(seen).toList();
    while (times.stream().anyMatch(Optional::isEmpty) && System.nanoTime() < deadline) {
      Pause.of(POLL);
      times = watched.stream().map(seen).toList();
    }
    return Spread.of(start, times);
  }
}
