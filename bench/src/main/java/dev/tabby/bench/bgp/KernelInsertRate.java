package dev.tabby.bench.bgp;

import dev.tabby.dataplane.Netlink;
import dev.tabby.dataplane.NetworkNamespace;
import dev.tabby.dataplane.Route;
import dev.tabby.dataplane.RouteFailure;
import dev.tabby.dataplane.RouteOperation;
import dev.tabby.net.IpAddress;
import dev.tabby.net.IpPrefix;
import dev.tabby.testbench.Host;
import dev.tabby.testbench.Lab;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The kernel's own insert rate for the benchmark's table, with no BGP in the way: the same routes
 * via the same next hop, written into a fresh receiver namespace's main table by one process, (1)
 * with the dataplane library's {@link Netlink#apply} (about 1,900 requests per {@code sendmsg},
 * every one acknowledged) and (2) with {@code ip -batch} (one request and its acknowledgement at a
 * time). The first is the physical limit a receiver could approach.
 */
final class KernelInsertRate {

  /** Not a daemon's: the counts cannot mix with anything else in the namespace. */
  private static final int PROTOCOL = 199;

  /** Routes written and deleted before the timed run, so the JIT has compiled the batch path. */
  private static final int WARM_UP_ROUTES = 20_000;

  private KernelInsertRate() {}

  /**
   * How one writer did.
   *
   * @param cpu the writer's CPU time, kernel included; null where it is not measured
   */
  record Insert(String writer, Duration took, Duration cpu) {}

  /** Times {@link Netlink#apply} of the whole table in one call. */
  static Insert netlink(KernelFamily family, int count, Duration timeout) {
    List<Route> routes = routes(family, count);
    try (Lab lab = Lab.create()) {
      Host host = Topology.create(lab).receiver();
      try (NetworkNamespace namespace = NetworkNamespace.open(host.namespacePath());
          Netlink netlink = namespace.openNetlink()) {
        List<Route> warmUp = routes.subList(0, Math.min(WARM_UP_ROUTES, count));
        refusedNone(netlink.apply(RouteOperation.ADD, warmUp));
        refusedNone(netlink.apply(RouteOperation.DELETE, warmUp));
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpuBefore = threads.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        refusedNone(netlink.apply(RouteOperation.ADD, routes));
        long took = System.nanoTime() - start;
        long cpu = threads.getCurrentThreadCpuTime() - cpuBefore;
        expectInstalled(host, family, count, timeout);
        return new Insert(
            "kernel: one process, Netlink.apply", Duration.ofNanos(took), Duration.ofNanos(cpu));
      }
    }
  }

  /** Times {@code ip -batch} of the whole table, which may take up to {@code timeout}. */
  static Insert ipBatch(KernelFamily family, int count, Duration timeout) {
    try (Lab lab = Lab.create()) {
      Host host = Topology.create(lab).receiver();
      StringBuilder batch = new StringBuilder(count * 56);
      for (int i = 0; i < count; i++) {
        batch
            .append("route add ")
            .append(family.prefix(i))
            .append(" via ")
            .append(family.nextHop())
            .append(" proto ")
            .append(PROTOCOL)
            .append('\n');
      }
      Path file = lab.runDir().resolve("routes.batch");
      Files.writeString(file, batch);
      long start = System.nanoTime();
      KernelTableBenchmark.run(
          host, timeout, "ip", "-n", host.namespace(), "-batch", file.toString());
      long took = System.nanoTime() - start;
      expectInstalled(host, family, count, timeout);
      return new Insert("kernel: one process, ip -batch", Duration.ofNanos(took), null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<Route> routes(KernelFamily family, int count) {
    IpAddress gateway = IpAddress.parse(family.nextHop());
    List<Route> routes = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      routes.add(Route.via(IpPrefix.parse(family.prefix(i)), gateway).withProtocol(PROTOCOL));
    }
    return routes;
  }

  private static void expectInstalled(Host host, KernelFamily family, int count, Duration timeout) {
    long installed = KernelTableBenchmark.installed(host, family, PROTOCOL, timeout);
    if (installed != count) {
      throw new IllegalStateException(
          "expected " + count + " routes of protocol " + PROTOCOL + ", found " + installed);
    }
  }

  private static void refusedNone(List<RouteFailure> failures) {
    if (!failures.isEmpty()) {
      throw new IllegalStateException(
          failures.size() + " routes refused, the first: " + failures.get(0));
    }
  }
}
