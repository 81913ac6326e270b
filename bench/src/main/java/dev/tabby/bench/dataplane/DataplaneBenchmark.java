package dev.tabby.bench.dataplane;

import dev.tabby.dataplane.AddressFamilies;
import dev.tabby.dataplane.ConvergeReport;
import dev.tabby.dataplane.Netlink;
import dev.tabby.dataplane.NetworkNamespace;
import dev.tabby.dataplane.Route;
import dev.tabby.dataplane.RouteFailure;
import dev.tabby.dataplane.RouteOperation;
import dev.tabby.dataplane.RouteReconciler;
import dev.tabby.dataplane.RouteSource;
import dev.tabby.net.IpAddress;
import dev.tabby.net.IpPrefix;
import dev.tabby.testbench.Host;
import dev.tabby.testbench.Lab;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Installs, replaces and deletes N IPv4 /26 routes via a next hop in a fresh network namespace,
 * with Tabby's netlink client and with `ip -batch`, side by side in one run; then times the route
 * reconciler's no-change resyncs and its one-route updates. Reports; asserts nothing. Run as root:
 * {@code bench/dataplane.sh}.
 */
public final class DataplaneBenchmark {
  private static final int PROTO = RouteReconciler.DEFAULT_PROTOCOL;
  private static final IpAddress GW = IpAddress.parse("192.0.2.2");
  private static final IpAddress OTHER_GW = IpAddress.parse("192.0.2.3");
  private static final int ROUNDS = 3;

  private final Host host;
  private final Netlink netlink;
  private final Path workDir;

  private DataplaneBenchmark(Host host, Netlink netlink, Path workDir) {
    this.host = host;
    this.netlink = netlink;
    this.workDir = workDir;
  }

  public static void main(String[] args) throws Exception {
    int routes = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int resyncRoutes = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
    try (Lab lab = Lab.create()) {
      Host host = lab.host("bench");
      host.execOk("ip", "link", "add", "d0", "type", "veth", "peer", "name", "d0peer");
      host.execOk("ip", "link", "set", "d0peer", "up");
      host.execOk("ip", "link", "set", "d0", "up");
      host.addAddress("d0", "192.0.2.1/24");
      try (NetworkNamespace namespace = NetworkNamespace.open(host.namespacePath());
          Netlink netlink = namespace.openNetlink()) {
        new DataplaneBenchmark(host, netlink, lab.runDir()).run(routes, resyncRoutes);
      }
    }
  }

  private void run(int count, int resyncCount) throws Exception {
    RouteSet set = new RouteSet(count);
    System.out.printf(
        Locale.ROOT,
        "%,d IPv4 /26 routes via a next hop, best of %d rounds, %s%n",
        count,
        ROUNDS,
        kernel());
    warmUp();
    long[][] tabby = new long[3][ROUNDS];
    long[][] ip = new long[3][ROUNDS];
    for (int round = 0; round < ROUNDS; round++) {
      runIpBatch(set, ip, round);
      runTabby(set, tabby, round);
    }
    System.out.printf(
        Locale.ROOT,
        "%-8s %14s %14s %8s %16s%n",
        "phase",
        "ip -batch",
        "Tabby",
        "ratio",
        "rounds' ratios");
    String[] phases = {"install", "replace", "delete"};
    for (int phase = 0; phase < 3; phase++) {
      double ipRate = rate(count, min(ip[phase]));
      double tabbyRate = rate(count, min(tabby[phase]));
      // Each round ran both side by side: its ratio is the least flattered by a lucky moment.
      double[] roundRatios = new double[ROUNDS];
      for (int round = 0; round < ROUNDS; round++) {
        roundRatios[round] = (double) ip[phase][round] / tabby[phase][round];
      }
      System.out.printf(
          Locale.ROOT,
          "%-8s %,10.0f r/s %,10.0f r/s %7.2fx %6.2f-%.2fx%n",
          phases[phase],
          ipRate,
          tabbyRate,
          tabbyRate / ipRate,
          Arrays.stream(roundRatios).min().orElseThrow(),
          Arrays.stream(roundRatios).max().orElseThrow());
    }
    for (int size : new int[] {resyncCount, count}) {
      double[] millis = reconcilerMillis(new RouteSet(size));
      System.out.printf(
          Locale.ROOT,
          "with %,d owned routes: no-change resync median %.1f ms wall, %.1f ms CPU (all threads,"
              + " kernel included); one-route update median %.2f ms wall; load average %.1f%n",
          size,
          millis[0],
          millis[1],
          millis[2],
          ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
  }

  private String kernel() throws IOException {
    return "kernel " + Files.readString(Path.of("/proc/sys/kernel/osrelease")).trim();
  }

  /** Lets the JIT compile the batch path before anything is timed. */
  private void warmUp() {
    RouteSet small = new RouteSet(20_000);
    for (int i = 0; i < 3; i++) {
      checked(netlink.apply(RouteOperation.ADD, small.via(GW, PROTO)));
      checked(netlink.apply(RouteOperation.DELETE, small.via(GW, PROTO)));
    }
  }

  private void runTabby(RouteSet set, long[][] nanos, int round) {
    var install = set.via(GW, PROTO);
    var replace = set.via(OTHER_GW, PROTO);
    nanos[0][round] = time(() -> checked(netlink.apply(RouteOperation.ADD, install)));
    expectOwned(set.size());
    nanos[1][round] = time(() -> checked(netlink.apply(RouteOperation.REPLACE, replace)));
    expectOwned(set.size());
    nanos[2][round] = time(() -> checked(netlink.apply(RouteOperation.DELETE, replace)));
    expectOwned(0);
  }

  private void runIpBatch(RouteSet set, long[][] nanos, int round) throws IOException {
    Path add = write("add.batch", set.ipBatch("add", GW, PROTO));
    Path replace = write("replace.batch", set.ipBatch("replace", OTHER_GW, PROTO));
    Path delete = write("delete.batch", set.ipBatch("del", null, PROTO));
    nanos[0][round] = time(() -> ipBatch(add));
    expectOwned(set.size());
    nanos[1][round] = time(() -> ipBatch(replace));
    expectOwned(set.size());
    nanos[2][round] = time(() -> ipBatch(delete));
    expectOwned(0);
  }

  /**
   * Median wall-clock and median process CPU milliseconds of a converge that changes nothing, then
   * the median wall-clock milliseconds of a route source's update of one route (written alone, no
   * dump).
   */
  private double[] reconcilerMillis(RouteSet set) throws Exception {
    try (RouteReconciler reconciler =
        new RouteReconciler(netlink, RouteReconciler.Config.defaults())) {
      ConvergeReport install = reconciler.setDesired(set.via(GW, PROTO)).get();
      if (!install.failures().isEmpty() || install.owned() != set.size()) {
        throw new IllegalStateException("reconciler did not install the routes: " + install);
      }
      List<Double> wall = new ArrayList<>();
      List<Double> cpu = new ArrayList<>();
      // The first converges run partly interpreted; time the ones after the JIT has caught up.
      for (int i = 0; i < 10; i++) {
        reconciler.converge();
      }
      for (int i = 0; i < 9; i++) {
        long cpuBefore = processCpuNanos();
        ConvergeReport report = reconciler.converge();
        cpu.add((processCpuNanos() - cpuBefore) / 1e6);
        if (!report.wasNoOp()) {
          throw new IllegalStateException("a no-change resync wrote something: " + report);
        }
        wall.add(report.took().toNanos() / 1e6);
      }
      double update = oneRouteUpdateMillis(reconciler);
      reconciler.setDesired(List.of()).get();
      return new double[] {median(wall), median(cpu), update};
    }
  }

  private static double oneRouteUpdateMillis(RouteReconciler reconciler) throws Exception {
    RouteSource source = reconciler.source("bench-updates");
    Route route = Route.via(IpPrefix.parse("172.31.0.0/24"), GW);
    List<Double> wall = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      long start = System.nanoTime();
      ConvergeReport report =
          (i % 2 == 0 ? source.upsert(route) : source.remove(route.key())).get();
      if (report.added() + report.removed() != 1) {
        throw new IllegalStateException("a one-route update did not write one route: " + report);
      }
      if (i >= 10) {
        wall.add((System.nanoTime() - start) / 1e6);
      }
    }
    return median(wall);
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }

  /**
   * This process's CPU time, user and system: on a shared machine, wall time also counts waiting.
   */
  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private void ipBatch(Path file) {
    try {
      Process process =
          new ProcessBuilder("ip", "-n", host.namespace(), "-batch", file.toString())
              .redirectErrorStream(true)
              .start();
      String output = new String(process.getInputStream().readAllBytes());
      if (process.waitFor() != 0) {
        throw new IllegalStateException("ip -batch " + file + " failed: " + output);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot run ip -batch: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private Path write(String name, String text) throws IOException {
    return Files.writeString(workDir.resolve(name), text);
  }

  private void expectOwned(int count) {
    int owned = netlink.routes(AddressFamilies.AF_INET, Netlink.ANY, PROTO).size();
    if (owned != count) {
      throw new IllegalStateException(
          "expected " + count + " routes of proto " + PROTO + ", found " + owned);
    }
  }

  private static void checked(List<RouteFailure> failures) {
    if (!failures.isEmpty()) {
      throw new IllegalStateException(
          failures.size() + " routes refused, first: " + failures.get(0));
    }
  }

  private static long time(Runnable task) {
    long start = System.nanoTime();
    task.run();
    return System.nanoTime() - start;
  }

  private static long min(long[] values) {
    long best = Long.MAX_VALUE;
    for (long value : values) {
      best = Math.min(best, value);
    }
    return best;
  }

  private static double rate(int count, long nanos) {
    return count / (nanos / 1e9);
  }
}
