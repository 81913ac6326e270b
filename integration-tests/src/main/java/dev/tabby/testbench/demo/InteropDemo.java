package dev.tabby.testbench.demo;

import dev.tabby.testbench.ExecResult;
import dev.tabby.testbench.Host;
import dev.tabby.testbench.Lab;
import dev.tabby.testbench.Wait;
import dev.tabby.testbench.bgp.BgpDaemon;
import dev.tabby.testbench.bgp.BgpDaemonConfig;
import dev.tabby.testbench.bgp.Bird;
import dev.tabby.testbench.bgp.Frr;
import dev.tabby.testbench.bgp.GoBgp;
import dev.tabby.testbench.bgp.LearnedRoute;
import dev.tabby.testbench.bgp.Neighbor;
import dev.tabby.testbench.bgp.NeighborState;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The BGP interop demo that {@code scripts/lab.sh} runs: BIRD, FRR and GoBGP routers in their own
 * network namespaces peer in a full eBGP mesh, each originating one prefix; a host behind BIRD
 * pings a host behind FRR. It prints what an operator would look at (sessions, learned routes, the
 * ping), removes everything it created, and exits non-zero if anything did not work.
 *
 * <pre>
 *   alice ── bird (AS 65001) ── frr (AS 65002) ── bob
 *                  \                 /
 *                   gobgp (AS 65003)
 * </pre>
 */
public final class InteropDemo {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final String ALICE = "10.1.0.2";
  private static final String BOB = "10.2.0.2";

  private final PrintStream out;

  private InteropDemo(PrintStream out) {
    this.out = out;
  }

  public static void main(String[] args) {
    if (args.length > 0) {
      System.err.println("usage: scripts/lab.sh   (the interop demo takes no arguments)");
      System.exit(2);
    }
    System.exit(new InteropDemo(System.out).run() ? 0 : 1);
  }

  private boolean run() {
    out.println("Tabby interop lab: BIRD, FRR and GoBGP exchange routes in network namespaces");
    out.println();
    Lab lab;
    try {
      lab = Lab.create();
    } catch (IllegalStateException e) {
      out.println("FAILED: " + e.getMessage());
      return false;
    }
    try (lab) {
      Topology topology = build(lab);
      printSessions(topology.routers());
      printRoutes(topology.routers());
      ping(topology);
      out.println();
      out.println("OK: every session is Established, every router learned every prefix, and the");
      out.println("ping crossed the routed path. Removing the lab.");
      return true;
    } catch (AssertionError | RuntimeException e) {
      out.println();
      out.println("FAILED: " + e.getMessage());
      out.println("Configs and daemon logs: " + lab.runDir());
      return false;
    }
  }

  /** What the demo built: the pinging host, the BIRD router in front of it, and every router. */
  private record Topology(Host alice, Host birdRouter, List<BgpDaemon> routers) {}

  private Topology build(Lab lab) {
    out.println("Topology (each box is a network namespace):");
    out.println("  alice 10.1.0.2 ── bird AS65001 ── frr AS65002 ── bob 10.2.0.2");
    out.println("                          \\              /");
    out.println("                           gobgp AS65003");
    out.println();
    Host alice = lab.host("alice");
    Host bob = lab.host("bob");
    Host birdHost = lab.host("bird");
    Host frrHost = lab.host("frr");
    Host gobgpHost = lab.host("gobgp");
    lab.link(alice, "eth0", birdHost, "alice");
    lab.link(bob, "eth0", frrHost, "bob");
    lab.link(birdHost, "frr", frrHost, "bird");
    lab.link(birdHost, "gobgp", gobgpHost, "bird");
    lab.link(frrHost, "gobgp", gobgpHost, "frr");
    alice.addAddress("eth0", ALICE + "/24").addRoute("default", "10.1.0.1");
    bob.addAddress("eth0", BOB + "/24").addRoute("default", "10.2.0.1");
    birdHost.addAddress("alice", "10.1.0.1/24").addAddress("frr", "10.0.12.1/24");
    birdHost.addAddress("gobgp", "10.0.13.1/24").enableForwarding();
    frrHost.addAddress("bob", "10.2.0.1/24").addAddress("bird", "10.0.12.2/24");
    frrHost.addAddress("gobgp", "10.0.23.2/24").enableForwarding();
    gobgpHost.addAddress("bird", "10.0.13.3/24").addAddress("frr", "10.0.23.3/24");
    // bgpd runs without zebra, so FRR cannot put what it learns into its kernel: the way back
    // to alice is a static route. BIRD installs the way to bob from BGP.
    frrHost.addRoute("10.1.0.0/24", "10.0.12.1");

    out.println("Starting BIRD, FRR and GoBGP ...");
    Bird bird =
        Bird.start(
            birdHost,
            BgpDaemonConfig.builder("10.0.12.1", 65001)
                .neighbor(Neighbor.of("10.0.12.2", 65002))
                .neighbor(Neighbor.of("10.0.13.3", 65003))
                .originate("10.1.0.0/24")
                .build());
    Frr frr =
        Frr.start(
            frrHost,
            BgpDaemonConfig.builder("10.0.12.2", 65002)
                .neighbor(Neighbor.of("10.0.12.1", 65001))
                .neighbor(Neighbor.of("10.0.23.3", 65003))
                .originate("10.2.0.0/24")
                .build());
    GoBgp gobgp =
        GoBgp.start(
            gobgpHost,
            BgpDaemonConfig.builder("10.0.13.3", 65003)
                .neighbor(Neighbor.of("10.0.13.1", 65001))
                .neighbor(Neighbor.of("10.0.23.2", 65002))
                .originate("10.3.0.0/24")
                .build());
    List<BgpDaemon> routers = List.of(bird, frr, gobgp);
    List<String> prefixes = List.of("10.1.0.0/24", "10.2.0.0/24", "10.3.0.0/24");
    for (BgpDaemon router : routers) {
      router.awaitAllEstablished();
      for (String prefix : prefixes) {
        if (!router.originated().contains(prefix)) {
          router.awaitRoute(prefix);
        }
      }
    }
    out.println();
    return new Topology(alice, birdHost, routers);
  }

  private void printSessions(List<BgpDaemon> routers) {
    out.println("BGP sessions");
    out.printf(
        "  %-18s %-12s %-10s %-12s %s%n",
        "router", "neighbour", "remote AS", "state", "prefixes received");
    for (BgpDaemon router : routers) {
      for (NeighborState session : router.neighbors()) {
        out.printf(
            "  %-18s %-12s %-10s %-12s %s%n",
            router,
            session.address(),
            router.config().neighbor(session.address()).remoteAs(),
            session.state(),
            session.receivedPrefixes() == null ? "-" : session.receivedPrefixes());
      }
    }
    out.println();
  }

  private void printRoutes(List<BgpDaemon> routers) {
    out.println("Routes learned (every path, as each daemon reports it; * = best path)");
    out.printf("  %-18s %-16s %-12s %-12s %s%n", "router", "prefix", "next hop", "from", "AS path");
    for (BgpDaemon router : routers) {
      for (LearnedRoute route : router.routes()) {
        out.printf(
            "  %-18s %-16s %-12s %-12s %s%n",
            router,
            (route.best() ? "* " : "  ") + route.prefix(),
            String.join(",", route.nextHops()),
            route.peer(),
            route.asPath().stream().map(String::valueOf).collect(Collectors.joining(" ")));
      }
    }
    out.println();
  }

  private void ping(Topology topology) {
    String kernelRoute =
        Wait.until(
            "BIRD to install the route to bob's subnet in its kernel",
            TIMEOUT,
            () -> topology.birdRouter().routes("-4"),
            routes -> routes.contains("10.2.0.0/24 via 10.0.12.2"));
    out.println("bird's kernel route to bob's subnet (installed by BIRD from BGP):");
    kernelRoute
        .lines()
        .filter(l -> l.startsWith("10.2.0.0/24"))
        .forEach(l -> out.println("  " + l));
    ExecResult ping =
        Wait.until(
            "alice to ping bob (" + BOB + ") through bird and frr",
            TIMEOUT,
            () -> topology.alice().ping(BOB),
            ExecResult::ok);
    out.println("Ping alice -> bob:");
    ping.stdout().lines().filter(l -> l.contains("bytes from")).forEach(l -> out.println("  " + l));
    out.println(
        "  (the reply returns over a static route on frr: bgpd runs without zebra here and");
    out.println("  cannot install what it learns into the kernel)");
  }
}
