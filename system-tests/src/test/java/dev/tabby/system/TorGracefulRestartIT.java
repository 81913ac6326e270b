package dev.tabby.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabby.api.v1.BGPPeer;
import dev.tabby.net.IpAddress;
import dev.tabby.net.IpPrefix;
import dev.tabby.testbench.Host;
import dev.tabby.testbench.HostProcess;
import dev.tabby.testbench.Wait;
import dev.tabby.testbench.bgp.BgpDaemon;
import dev.tabby.testbench.bgp.BgpDaemonConfig;
import dev.tabby.testbench.bgp.Bird;
import dev.tabby.testbench.bgp.Frr;
import dev.tabby.testbench.bgp.Neighbor;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Graceful restart (RFC 4724) between a node and top-of-rack routers, at the kernel: one node
 * peering by eBGP with BIRD and with FRR (bgpd with zebra), each a ToR with graceful restart on,
 * installing what it learns in its kernel, and a server behind it whose subnet it announces, with
 * one more prefix it no longer announces after its restart. Under a ping every 10 ms:
 *
 * <ul>
 *   <li>each ToR killed and started again, restarting gracefully: the node keeps the server's route
 *       in its kernel, no ping is lost, and what the ToR no longer announces is flushed at its
 *       End-of-RIB;
 *   <li>the node's agent killed with SIGKILL and started again: BIRD, and FRR through zebra, keep
 *       the node's pod block in their kernels and no ping from the servers behind them to a pod is
 *       lost;
 *   <li>BIRD killed for good: the node flushes its routes at the BGPPeer's maximum restart time,
 *       shorter than BIRD's own restart time.
 * </ul>
 */
class TorGracefulRestartIT {

  private static final Duration CONVERGENCE = Duration.ofSeconds(60);

  /** The BGPPeers' cap on how long a ToR's routes are kept while it is away; BIRD asks 120 s. */
  private static final Duration MAX_RESTART_TIME = Duration.ofSeconds(30);

  private static final Tor BIRD = new Tor("bird", "10.0.0.240", 65000, "10.99.0", "10.98.0.0/24");
  private static final Tor FRR = new Tor("frr", "10.0.0.241", 65001, "10.97.0", "10.96.0.0/24");

  @Test
  void restartsOfEitherEndKeepKernelRoutesAndEveryPingAndAToRNotBackIsFlushedAtTheDeadline() {
    try (ClusterLab lab = SystemLabs.up(1, Topology.mesh)) {
      LabNode node = lab.nodes().get(0);
      LabPod pod = lab.pods().get(0);
      Rack birdRack = BIRD.cable(lab);
      Rack frrRack = FRR.cable(lab);
      Bird bird = Bird.start(birdRack.router(), BIRD.config(node, true));
      Frr frr = Frr.startWithZebra(frrRack.router(), FRR.config(node, true));
      for (Tor tor : List.of(BIRD, FRR)) {
        KernelRoutes.await(node, tor.behind(), true, CONVERGENCE);
        KernelRoutes.await(node, tor.dropped(), true, CONVERGENCE);
      }
      String block = podBlock(pod);
      for (Rack rack : List.of(birdRack, frrRack)) {
        Wait.until(
            rack.router().name() + " installs the node's block " + block + " in its kernel",
            CONVERGENCE,
            () -> rack.router().exec("ip", "-4", "route", "show", block).stdout(),
            routes -> routes.contains("via " + node.address()));
      }

      Bird recovered =
          restartGracefully(
              lab,
              node,
              pod,
              BIRD,
              birdRack,
              block,
              () -> bird.crashAndRecover(BIRD.config(node, false)));
      Frr restartedFrr =
          restartGracefully(
              lab,
              node,
              pod,
              FRR,
              frrRack,
              block,
              () -> frr.crashAndRestart(FRR.config(node, false)));

      TrafficWatch watch =
          TrafficWatch.start(
              birdRack.server(), pod.address(), List.of(birdRack.router(), node.host()));
      TrafficWatch frrWatch =
          TrafficWatch.start(frrRack.server(), pod.address(), List.of(frrRack.router()));
      lab.killAgent(node);
      Wait.until(
          "FRR keeps the node's block " + block + ", stale",
          CONVERGENCE,
          () -> restartedFrr.vtysh("show bgp ipv4 unicast " + block + " json").stdout(),
          json -> StateJson.parse(json).path("paths").path(0).path("stale").asBoolean());
      HostProcess agent = lab.startAgent(node);
      lab.awaitReady(node);
      Wait.until(
          "the node's agent ends its graceful restart (log " + agent.logFile() + ")",
          Duration.ofSeconds(150),
          agent::log,
          log -> log.contains("event=graceful-restart-done trigger="));
      String statistics = watch.stop("tabby-node killed and started again, BIRD helping");
      assertThat(statistics).as("ping's statistics").contains(" 0% packet loss");
      assertThat(watch.deletedRoutes(birdRack.router()))
          .as("routes BIRD deleted from its kernel")
          .noneMatch(line -> line.contains(block));
      String frrStatistics = frrWatch.stop("tabby-node killed and started again, FRR helping");
      assertThat(frrStatistics).as("ping's statistics").contains(" 0% packet loss");
      assertThat(frrWatch.deletedRoutes(frrRack.router()))
          .as("routes FRR's zebra deleted from its kernel")
          .noneMatch(line -> line.contains(block));
      assertThat(frrRack.router().exec("ip", "-4", "route", "show", block).stdout())
          .as("FRR's kernel route to the block")
          .contains("via " + node.address());
      assertThat(watch.deletedRoutes(node.host()))
          .as("routes deleted from the node's kernel")
          .noneMatch(line -> line.contains("proto 81"));

      long killed = System.nanoTime();
      recovered.process().kill();
      KernelRoutes.await(node, BIRD.behind(), false, MAX_RESTART_TIME.plus(CONVERGENCE));
      Duration kept = Duration.ofNanos(System.nanoTime() - killed);
      System.out.println("BIRD gone for good: its routes kept " + kept.toMillis() + " ms");
      assertThat(agent.log())
          .contains("peer=" + BIRD.address() + " event=graceful-restart-deadline");
      assertThat(kept)
          .as("kept until the deadline")
          .isGreaterThan(MAX_RESTART_TIME.minusSeconds(5));
      KernelRoutes.await(node, FRR.behind(), true, CONVERGENCE);
    }
  }

  /**
   * Restarts the ToR gracefully under a ping from the pod to the server behind it; the node keeps
   * the server's route and flushes at the ToR's End-of-RIB the prefix it no longer announces.
   */
  private static <T extends BgpDaemon> T restartGracefully(
      ClusterLab lab,
      LabNode node,
      LabPod pod,
      Tor tor,
      Rack rack,
      String block,
      Supplier<T> restart) {
    TrafficWatch watch =
        TrafficWatch.start(pod.host(), tor.server(), List.of(node.host(), rack.router()));
    T restarted = restart.get();
    Wait.until(
        "the node ends its help with " + tor.name() + "'s End-of-RIB",
        CONVERGENCE,
        () -> lab.agent(node).log(),
        log -> log.contains("peer=" + tor.address() + " event=graceful-restart-end-of-rib"));
    KernelRoutes.await(node, tor.dropped(), false, CONVERGENCE);
    String statistics = watch.stop(tor.name() + " killed and restarted gracefully");
    assertThat(statistics).as("ping's statistics").contains(" 0% packet loss");
    assertThat(watch.deletedRoutes(node.host()))
        .as("routes deleted from the node's kernel")
        .allMatch(
            line -> line.startsWith("Deleted " + tor.dropped() + " "), "only " + tor.dropped());
    assertThat(watch.deletedRoutes(rack.router()))
        .as("routes %s deleted from its kernel", tor.name())
        .noneMatch(line -> line.contains(block));
    return restarted;
  }

  /** The block the pod's address came from, as the node's kernel blackholes it. */
  private static String podBlock(LabPod pod) {
    return pod.node()
        .host()
        .exec("ip", "-4", "route", "show", "type", "blackhole", "proto", "81")
        .stdout()
        .lines()
        .map(line -> line.split(" ")[1])
        .filter(block -> IpPrefix.parse(block).contains(IpAddress.parse(pod.address())))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no blackholed block holds " + pod.address()));
  }

  /** A ToR's namespace on the segment and the server's behind it. */
  private record Rack(Host router, Host server) {}

  /**
   * A ToR on the node's segment.
   *
   * @param subnet the first three octets of the subnet behind it: it is {@code .1} there, the
   *     server {@code .10}
   * @param dropped the prefix it announces until its restart
   */
  private record Tor(String name, String address, long as, String subnet, String dropped) {
    String behind() {
      return subnet + ".0/24";
    }

    String server() {
      return subnet + ".10";
    }

    BgpDaemonConfig config(LabNode node, boolean beforeRestart) {
      BgpDaemonConfig.Builder config =
          BgpDaemonConfig.builder(address, as)
              .neighbor(Neighbor.of(node.address(), ClusterLab.MESH_AS))
              .originate(behind())
              .gracefulRestart();
      if (beforeRestart) {
        config.originate(dropped);
      }
      return config.build();
    }

    /** Its namespace on the segment, the server's behind it, and its BGPPeer. */
    Rack cable(ClusterLab lab) {
      Host router = lab.addSegmentHost(name, address).enableForwarding();
      Host server = lab.testbench().host(name + "-server");
      lab.testbench().link(router, "srv", server, "eth0");
      router.addAddress("srv", subnet + ".1/24");
      server.addAddress("eth0", server() + "/24").addRoute("default", subnet + ".1");
      BGPPeer peer = BGPPeer.of(name, address, as);
      peer.getSpec().setMaxRestartTimeSeconds((int) MAX_RESTART_TIME.toSeconds());
      lab.api().apply(peer);
      return new Rack(router, server);
    }
  }
}
