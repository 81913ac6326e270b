package dev.tabby.system;

import dev.tabby.api.v1.AffinityState;
import dev.tabby.api.v1.BlockAffinity;
import dev.tabby.testbench.ExecResult;
import dev.tabby.testbench.Host;
import dev.tabby.testbench.HostProcess;
import dev.tabby.testbench.Wait;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the lab shows and checks: every node's BGP sessions (through {@code tabbyctl}), each node's
 * kernel routes to the other nodes' blocks, a ping matrix between all pods, and a capture on a
 * fabric link showing pod-to-pod packets as plain IP between pod addresses.
 */
public final class LabReport {

  private static final Duration CONVERGENCE = Duration.ofSeconds(60);

  private final ClusterLab lab;
  private final PrintStream out;
  private final List<String> failures = new ArrayList<>();

  public LabReport(ClusterLab lab, PrintStream out) {
    this.lab = lab;
    this.out = out;
  }

  /** Prints everything; returns what failed (empty when the cluster works). */
  public List<String> run() {
    sessions();
    routes();
    pingMatrix();
    capture();
    return List.copyOf(failures);
  }

  /** Each node's confirmed blocks, from the BlockAffinities. */
  public Map<String, List<String>> blocksByNode() {
    Map<String, List<String>> blocks = new LinkedHashMap<>();
    lab.nodes().forEach(node -> blocks.put(node.name(), new ArrayList<>()));
    for (BlockAffinity affinity : lab.api().list(BlockAffinity.class)) {
      if (affinity.getSpec().getState() == AffinityState.confirmed
          && !affinity.getSpec().isDeleted()
          && blocks.containsKey(affinity.getSpec().getNode())) {
        blocks.get(affinity.getSpec().getNode()).add(affinity.getSpec().getCidr());
      }
    }
    return blocks;
  }

  private void sessions() {
    out.println();
    out.println("=== BGP sessions (tabbyctl bgp peers)");
    for (LabNode node : lab.nodes()) {
      String expectedPeers =
          lab.tor().isPresent()
              ? "1"
              : Integer.toString(
                  lab.reflectors().isEmpty() ? lab.nodes().size() - 1 : lab.reflectors().size());
      ExecResult peers;
      try {
        peers =
            Wait.until(
                node.name() + "'s " + expectedPeers + " sessions Established",
                CONVERGENCE,
                () -> tabbyctl(node),
                result ->
                    result.ok()
                        && countEstablished(result.stdout()) == Integer.parseInt(expectedPeers));
      } catch (AssertionError e) {
        failures.add(e.getMessage());
        peers = tabbyctl(node);
      }
      out.println("--- " + node.name() + " (" + node.address() + ")");
      out.print(peers.stdout().isEmpty() ? peers.stderr() : peers.stdout());
    }
    for (LabReflector reflector : lab.reflectors()) {
      ExecResult peers = tabbyctl(reflector.host(), reflector.stateUrl());
      out.println("--- " + reflector.name() + " (route reflector, " + reflector.address() + ")");
      out.print(peers.stdout().isEmpty() ? peers.stderr() : peers.stdout());
    }
  }

  private ExecResult tabbyctl(LabNode node) {
    return tabbyctl(node.host(), node.httpUrl());
  }

  private ExecResult tabbyctl(Host host, String endpoint) {
    return host.exec(
        lab.root().resolve("bin/tabbyctl").toString(), "bgp", "peers", "--endpoint", endpoint);
  }

  private static int countEstablished(String table) {
    return (int) table.lines().filter(line -> line.contains("Established")).count();
  }

  private void routes() {
    out.println();
    out.println("=== kernel routes to other nodes' blocks (ip route show proto 81)");
    Map<String, List<String>> blocks = blocksByNode();
    for (LabNode node : lab.nodes()) {
      List<String> wanted = new ArrayList<>();
      blocks.forEach(
          (owner, ownerBlocks) -> {
            if (!owner.equals(node.name())) {
              wanted.addAll(ownerBlocks);
            }
          });
      String table;
      try {
        table =
            Wait.until(
                node.name() + " has routes to " + wanted,
                CONVERGENCE,
                () -> node.host().exec("ip", "route", "show", "proto", "81").stdout(),
                text -> wanted.stream().allMatch(block -> text.contains(block + " ")));
      } catch (AssertionError e) {
        failures.add(e.getMessage());
        table = node.host().exec("ip", "route", "show", "proto", "81").stdout();
      }
      out.println("--- " + node.name() + " (own blocks " + blocks.get(node.name()) + ")");
      out.print(table);
    }
    lab.tor().ifPresent(tor -> torRoutes(tor.host(), blocks));
  }

  /** The top-of-rack router's kernel must hold every block: it routes between the racks. */
  private void torRoutes(Host router, Map<String, List<String>> blocks) {
    List<String> all = blocks.values().stream().flatMap(List::stream).toList();
    String table;
    try {
      table =
          Wait.until(
              "the ToR's kernel has routes to every block " + all,
              CONVERGENCE,
              () -> router.exec("ip", "route", "show", "proto", "bird").stdout(),
              text -> all.stream().allMatch(block -> text.contains(block + " ")));
    } catch (AssertionError e) {
      failures.add(e.getMessage());
      table = router.exec("ip", "route", "show", "proto", "bird").stdout();
    }
    out.println("--- top-of-rack router (BIRD, ip route show proto bird)");
    out.print(table);
  }

  private void pingMatrix() {
    out.println();
    out.println("=== ping matrix (row pings column)");
    List<LabPod> pods = lab.pods();
    StringBuilder header = new StringBuilder(String.format("%-14s", ""));
    pods.forEach(pod -> header.append(String.format(" %-14s", pod.name())));
    out.println(header);
    for (LabPod from : pods) {
      StringBuilder row = new StringBuilder(String.format("%-14s", from.name()));
      for (LabPod to : pods) {
        if (from == to) {
          row.append(String.format(" %-14s", "-"));
          continue;
        }
        boolean ok = reaches(from, to);
        if (!ok) {
          failures.add(from.name() + " cannot ping " + to.name() + " (" + to.address() + ")");
        }
        row.append(String.format(" %-14s", ok ? "ok" : "FAIL"));
      }
      out.println(row);
    }
  }

  /** Whether {@code from} reaches {@code to}, waiting for routes to converge. */
  public static boolean reaches(LabPod from, LabPod to) {
    try {
      Wait.until(
          from.name() + " pings " + to.address(),
          CONVERGENCE,
          () -> from.host().ping(to.address()),
          ExecResult::ok);
      return true;
    } catch (AssertionError e) {
      return false;
    }
  }

  private void capture() {
    out.println();
    List<LabPod> pods = lab.pods();
    LabPod from = pods.get(0);
    LabPod to =
        pods.stream().filter(pod -> !pod.node().equals(from.node())).findFirst().orElse(null);
    if (to == null) {
      out.println("=== capture skipped: one node only");
      return;
    }
    String ifname = lab.captureInterface();
    out.println(
        "=== capture on the fabric link "
            + lab.captureHost().name()
            + ":"
            + ifname
            + " while "
            + from.name()
            + " pings "
            + to.name());
    HostProcess tcpdump =
        lab.captureHost()
            .start(
                "tcpdump",
                "tcpdump",
                "-l",
                "-n",
                "-e",
                "-i",
                ifname,
                "-c",
                "2",
                "icmp and host " + from.address() + " and host " + to.address());
    try {
      Wait.until(
          "tcpdump listening on " + ifname,
          Duration.ofSeconds(10),
          tcpdump::log,
          log -> log.contains("listening on"));
      from.host().exec("ping", "-n", "-c", "2", "-i", "0.2", "-W", "2", to.address());
      String expected = from.address() + " > " + to.address() + ": ICMP echo request";
      String log =
          Wait.until(
              "a plain IPv4 ICMP packet " + expected + " on " + ifname,
              Duration.ofSeconds(10),
              tcpdump::log,
              text -> text.contains(expected) && text.contains("ethertype IPv4"));
      log.lines().filter(line -> line.contains("ICMP")).forEach(line -> out.println("    " + line));
      out.println(
          "    pod addresses in the IP header on the wire: plain routed IP, no tunnel, no NAT");
    } catch (AssertionError e) {
      failures.add(e.getMessage());
      out.print(tcpdump.log());
    } finally {
      tcpdump.stop();
    }
  }
}
