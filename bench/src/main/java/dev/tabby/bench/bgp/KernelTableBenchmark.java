package dev.tabby.bench.bgp;

import dev.tabby.testbench.Host;
import dev.tabby.testbench.HostProcess;
import dev.tabby.testbench.Lab;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A full table into the kernel, side by side in one run: N IPv4 /28s (BIRD's sender's stream,
 * recorded and shuffled as in {@link BgpBenchmark}) and then M IPv6 /64s ({@link Ipv6Stream}) are
 * replayed at socket speed over one iBGP session to Tabby (speaker wired to the route reconciler),
 * BIRD (kernel protocol) and FRR (bgpd with zebra) in turn, each in a fresh lab, and timed from the
 * first UPDATE byte until every route is in the receiver namespace's main table ({@link
 * KernelRouteWatch}); then the kernel's own insert rate for the same routes ({@link
 * KernelInsertRate}). Prints a Markdown table; asserts nothing.
 *
 * <p>Usage: {@code KernelTableBenchmark [IPV4_PREFIXES (1000000)] [IPV6_PREFIXES (200000)]
 * [TIMEOUT_SECONDS per load (600)]}; the system property {@code bench.tabbyJavaOptions} holds the
 * Tabby receiver's JVM options; the environment's {@code KERNEL_BENCH_RECEIVERS} (e.g. {@code
 * Tabby,BIRD,kernel}) runs only some receivers, and the kernel's own rates only when it names
 * {@code kernel}.
 */
public final class KernelTableBenchmark {

  private static final Logger log = LoggerFactory.getLogger(KernelTableBenchmark.class);

  /** The streams' prefix order, the same in every run (and as the BGP benchmark's). */
  private static final long SHUFFLE_SEED = 2_385;

  /** A receiver's start-up work is done by then, so the clock measures the table alone. */
  private static final Duration SETTLE = Duration.ofSeconds(3);

  /** How often the watch's result is looked at; the time itself is the watch's own. */
  private static final Duration CHECK = Duration.ofMillis(20);

  /** When the notifications were lost, how often the routes are counted by a dump instead. */
  private static final Duration DUMP_POLL = Duration.ofSeconds(1);

  private static final double MIB = 1024.0 * 1024.0;

  /** The name that selects the kernel's own insert rates in {@code KERNEL_BENCH_RECEIVERS}. */
  private static final String KERNEL = "kernel";

  private final int ipv4Prefixes;
  private final int ipv6Prefixes;
  private final Duration timeout;
  private final Map<String, Function<Host, KernelReceiver>> receivers = new LinkedHashMap<>();

  private final boolean kernelRates;

  private KernelTableBenchmark(
      int ipv4Prefixes, int ipv6Prefixes, Duration timeout, String tabbyJavaOptions) {
    this.ipv4Prefixes = ipv4Prefixes;
    this.ipv6Prefixes = ipv6Prefixes;
    this.timeout = timeout;
    receivers.put("Tabby", host -> TabbyKernelReceiver.start(host, tabbyJavaOptions));
    receivers.put("BIRD", BirdRouter::kernelReceiver);
    receivers.put("FRR", FrrZebraReceiver::start);
    String only = System.getenv("KERNEL_BENCH_RECEIVERS");
    if (only != null && !only.isBlank()) {
      List<String> names = List.of(only.split(","));
      receivers.keySet().retainAll(names);
      kernelRates = names.contains(KERNEL);
    } else {
      kernelRates = true;
    }
  }

  public static void main(String[] args) {
    try {
      int ipv4 = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
      int ipv6 = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
      if (ipv4 < 1000 || ipv4 > Prefixes.MAX || ipv6 < 1000) {
        throw new NumberFormatException(
            "IPV4_PREFIXES must be 1000.."
                + Prefixes.MAX
                + " and IPV6_PREFIXES at least 1000: the BIRD sender's clock needs a table"
                + " larger than its handshake");
      }
      Duration timeout = Duration.ofSeconds(args.length > 2 ? Long.parseLong(args[2]) : 600);
      String javaOptions = System.getProperty("bench.tabbyJavaOptions", "-Xmx2g");
      new KernelTableBenchmark(ipv4, ipv6, timeout, javaOptions).run(javaOptions);
    } catch (IllegalArgumentException e) {
      System.err.println(
          "usage: KernelTableBenchmark [IPV4_PREFIXES (1000000)] [IPV6_PREFIXES (200000)]"
              + " [TIMEOUT_SECONDS (600)]: "
              + e.getMessage());
      System.exit(2);
    }
  }

  private void run(String tabbyJavaOptions) {
    System.out.printf(
        "Full table into the kernel: %,d IPv4 /28s, %,d IPv6 /64s over iBGP; %d cores, kernel %s,"
            + " load average at start %s; Tabby JVM options: %s%n",
        ipv4Prefixes,
        ipv6Prefixes,
        Runtime.getRuntime().availableProcessors(),
        procFile("sys/kernel/osrelease"),
        procFile("loadavg"),
        tabbyJavaOptions);
    Path ipv4Stream =
        RecordedStream.shuffled(RecordedStream.record(ipv4Prefixes, timeout), SHUFFLE_SEED);
    Path ipv6Stream = Ipv6Stream.write(ipv6Prefixes, SHUFFLE_SEED);
    List<String> tables = new ArrayList<>();
    tables.add(table(KernelFamily.IPV4, ipv4Prefixes, ipv4Stream));
    tables.add(table(KernelFamily.IPV6, ipv6Prefixes, ipv6Stream));
    System.out.printf("%nload average at the end: %s%n%n", procFile("loadavg"));
    tables.forEach(System.out::println);
  }

  /** Loads one family's table into every receiver, then measures the kernel's own rate. */
  private String table(KernelFamily family, int count, Path stream) {
    List<KernelLoad> loads = new ArrayList<>();
    receivers.forEach((name, start) -> loads.add(load(family, count, stream, name, start)));
    List<KernelInsertRate.Insert> inserts = new ArrayList<>();
    if (!kernelRates) {
      return KernelLoad.table(family, count, loads, inserts);
    }
    for (Function<KernelFamily, KernelInsertRate.Insert> writer :
        List.<Function<KernelFamily, KernelInsertRate.Insert>>of(
            f -> KernelInsertRate.netlink(f, count, timeout),
            f -> KernelInsertRate.ipBatch(f, count, timeout))) {
      try {
        inserts.add(writer.apply(family));
      } catch (RuntimeException e) {
        log.warn("the kernel's own insert rate for {} failed", family.routes(), e);
      }
    }
    return KernelLoad.table(family, count, loads, inserts);
  }

  /** Replays the stream to one receiver in a fresh lab and watches its kernel table fill. */
  private KernelLoad load(
      KernelFamily family,
      int count,
      Path stream,
      String name,
      Function<Host, KernelReceiver> start) {
    log.warn("{} {} into {}'s kernel table", String.format("%,d", count), family.routes(), name);
    try (Lab lab = Lab.create()) {
      Topology topology = Topology.create(lab);
      KernelReceiver receiver = start.apply(topology.receiver());
      settle();
      try (KernelRouteWatch watch =
          KernelRouteWatch.start(topology.receiver(), family, receiver.protocol(), count)) {
        Duration cpuBefore = cpu(receiver);
        Sender sender = RecordedStream.replayer(topology.sender(), stream);
        Completion done =
            awaitInstalled(topology.receiver(), family, receiver, sender, watch, count);
        Duration cpu = cpu(receiver).minus(cpuBefore);
        Instant firstByte =
            sender
                .writeStart()
                .get()
                .orElseThrow(() -> new IllegalStateException("the replayer never wrote"));
        long installed = installed(topology.receiver(), family, receiver.protocol(), timeout);
        if (installed != count) {
          throw new IllegalStateException(
              "the watch saw " + count + " routes but a dump finds " + installed);
        }
        KernelLoad result =
            new KernelLoad(
                name,
                Duration.between(firstByte, done.at()),
                cpu,
                peakResident(receiver),
                done.byDump(),
                null);
        log.warn(
            "{} {} in {}'s kernel table after {} ms, CPU {} ms, peak RSS {} MiB",
            count,
            family.routes(),
            name,
            result.took().toMillis(),
            cpu.toMillis(),
            Math.round(result.peakResidentBytes() / MIB));
        return result;
      }
    } catch (RuntimeException | AssertionError e) {
      log.warn("{} into {} failed", family.routes(), name, e);
      return new KernelLoad(name, null, null, 0, false, e.getMessage());
    }
  }

  /** When every route was in the table: the watch's moment, or a dump's if it lost track. */
  private record Completion(Instant at, boolean byDump) {}

  private Completion awaitInstalled(
      Host host,
      KernelFamily family,
      KernelReceiver receiver,
      Sender sender,
      KernelRouteWatch watch,
      int count) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      for (HostProcess process : receiver.processes()) {
        process.assertAlive();
      }
      sender.process().assertAlive();
      if (watch.complete() != null) {
        return new Completion(watch.complete(), false);
      }
      if (watch.lost() != null) {
        log.warn("{}: {}; counting by dump every {}", receiver.name(), watch.lost(), DUMP_POLL);
        if (installed(host, family, receiver.protocol(), timeout) >= count) {
          return new Completion(Instant.now(), true);
        }
        sleep(DUMP_POLL);
      } else {
        sleep(CHECK);
      }
    }
    throw new IllegalStateException(
        "timed out after "
            + timeout.toSeconds()
            + " s with "
            + watch.count()
            + " of "
            + count
            + " routes in the kernel");
  }

  /**
   * The routes of {@code protocol} in {@code host}'s main table, as {@code ip} lists them: a count
   * independent of the benchmark's own netlink code.
   */
  static long installed(Host host, KernelFamily family, int protocol, Duration timeout) {
    Path listed =
        run(
            host,
            timeout,
            "ip",
            "-n",
            host.namespace(),
            family.ipOption(),
            "route",
            "show",
            "table",
            "main",
            "proto",
            Integer.toString(protocol));
    try (Stream<String> lines = Files.lines(listed)) {
      return lines.count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Runs a command that may outlast the test bench's 30 s per command (a million routes written or
   * listed on a busy machine) and returns the file in {@code host}'s directory that holds its
   * output.
   */
  static Path run(Host host, Duration timeout, String... command) {
    Path output = host.dir().resolve("command.out");
    String named = "`" + String.join(" ", command) + "`";
    try {
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(output.toFile())
              .start();
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(
            named + " did not finish within " + timeout.toSeconds() + " s");
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException(named + " failed: " + Files.readString(output).strip());
      }
      return output;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + named, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted running " + named, e);
    }
  }

  private static Duration cpu(KernelReceiver receiver) {
    Duration total = Duration.ZERO;
    for (HostProcess process : receiver.processes()) {
      total = total.plus(ProcessCpu.used(process.pid()));
    }
    return total;
  }

  private static long peakResident(KernelReceiver receiver) {
    long total = 0;
    for (HostProcess process : receiver.processes()) {
      total += ProcessMemory.peakResidentBytes(process.pid());
    }
    return total;
  }

  private static String procFile(String name) {
    try {
      return Files.readString(Path.of("/proc", name)).trim();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void settle() {
    sleep(SETTLE);
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /**
   * One receiver's load of one table.
   *
   * @param took from the replayer's first UPDATE byte to the last route in the kernel; null if it
   *     failed
   * @param cpu the receiver's CPU time (all its processes, user and kernel) over the load
   * @param peakResidentBytes its processes' peak RSS (VmHWM), added up
   * @param byDump the end was found by a dump (the notifications overflowed), not to the moment
   */
  private record KernelLoad(
      String receiver,
      Duration took,
      Duration cpu,
      long peakResidentBytes,
      boolean byDump,
      String failure) {

    static String table(
        KernelFamily family,
        int count,
        List<KernelLoad> loads,
        List<KernelInsertRate.Insert> inserts) {
      Duration tabby =
          loads.stream()
              .filter(l -> l.receiver().equals("Tabby") && l.took() != null)
              .map(KernelLoad::took)
              .findFirst()
              .orElse(null);
      StringBuilder out =
          new StringBuilder(
              String.format(
                  Locale.ROOT,
                  "| %,d %s | first UPDATE byte → all in the kernel | routes/s"
                      + " | Tabby's speed against it | CPU s | peak RSS (MiB) |%n"
                      + "|---|---:|---:|---:|---:|---:|%n",
                  count,
                  family.routes()));
      for (KernelLoad load : loads) {
        if (load.took() == null) {
          out.append(
              String.format("| %s | failed: %s | | | | |%n", load.receiver(), load.failure()));
          continue;
        }
        out.append(
            String.format(
                Locale.ROOT,
                "| %s | %.2f s%s | %,.0f | %s | %.2f | %.0f |%n",
                load.receiver(),
                seconds(load.took()),
                load.byDump() ? " (by dump)" : "",
                count / seconds(load.took()),
                tabby == null || load.receiver().equals("Tabby")
                    ? "—"
                    : String.format(Locale.ROOT, "%.2fx", seconds(load.took()) / seconds(tabby)),
                seconds(load.cpu()),
                load.peakResidentBytes() / MIB));
      }
      for (KernelInsertRate.Insert insert : inserts) {
        out.append(
            String.format(
                Locale.ROOT,
                "| %s | %.2f s | %,.0f | — | %s | — |%n",
                insert.writer(),
                seconds(insert.took()),
                count / seconds(insert.took()),
                insert.cpu() == null
                    ? "—"
                    : String.format(Locale.ROOT, "%.2f", seconds(insert.cpu()))));
      }
      return out.toString();
    }

    private static double seconds(Duration duration) {
      return duration.toNanos() / 1e9;
    }
  }
}
