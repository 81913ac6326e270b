package dev.tabby.bench.bgp;

import dev.tabby.testbench.Host;
import dev.tabby.testbench.HostProcess;
import dev.tabby.testbench.Lab;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The BGP benchmark, side by side in one run. Receiving: a BIRD sender feeds N IPv4 /28s over iBGP
 * to Tabby, BIRD, FRR and GoBGP in turn. Sending: Tabby, then BIRD, feed them to a BIRD receiver.
 * Each run gets a fresh lab and ends with it. Prints Markdown tables; asserts nothing.
 *
 * <p>Usage: {@code BgpBenchmark [PREFIXES (1000000)] [TIMEOUT_SECONDS (300)] [POLL_MILLISECONDS
 * (100)]}; the system property {@code bench.tabbyJavaOptions} holds the Tabby JVMs' options.
 */
public final class BgpBenchmark {

  private static final Logger log = LoggerFactory.getLogger(BgpBenchmark.class);

  /**
   * Memory is sampled this long after start-up and after the last prefix, so a daemon's start-up
   * work and its post-processing of the table (best paths, update groups) are done.
   */
  private static final Duration SETTLE = Duration.ofSeconds(3);

  private final int prefixes;
  private final Duration timeout;

  /**
   * How often the receiver's count is read: with the query's own time, the run's resolution. Each
   * read forks a CLI and costs the daemon an answer, so reading too often slows what it measures.
   */
  private final Duration pollInterval;

  private final String tabbyJavaOptions;

  private BgpBenchmark(
      int prefixes, Duration timeout, Duration pollInterval, String tabbyJavaOptions) {
    this.prefixes = prefixes;
    this.timeout = timeout;
    this.pollInterval = pollInterval;
    this.tabbyJavaOptions = tabbyJavaOptions;
  }

  public static void main(String[] args) {
    try {
      int prefixes = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
      if (prefixes < 1 || prefixes > Prefixes.MAX) {
        throw new NumberFormatException("PREFIXES must be 1.." + Prefixes.MAX);
      }
      Duration timeout = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 300);
      Duration poll = Duration.ofMillis(args.length > 2 ? Long.parseLong(args[2]) : 100);
      String javaOptions = System.getProperty("bench.tabbyJavaOptions", "-Xmx2g");
      new BgpBenchmark(prefixes, timeout, poll, javaOptions).run();
    } catch (NumberFormatException e) {
      System.err.println(
          "usage: BgpBenchmark [PREFIXES (1000000)] [TIMEOUT_SECONDS (300)]"
              + " [POLL_MILLISECONDS (100)]: "
              + e.getMessage());
      System.exit(2);
    }
  }

  private void run() {
    System.out.printf(
        "BGP benchmark: %,d IPv4 /28 prefixes over iBGP, %d cores, Tabby JVM options: %s,"
            + " timeout %d s per run, count polled every %d ms%n",
        prefixes,
        Runtime.getRuntime().availableProcessors(),
        tabbyJavaOptions,
        timeout.toSeconds(),
        pollInterval.toMillis());
    Map<String, Function<Host, BenchDaemon>> receivers = new LinkedHashMap<>();
    receivers.put("Tabby", host -> TabbyDaemon.receiver(host, tabbyJavaOptions));
    receivers.put("BIRD", BirdRouter::receiver);
    receivers.put("FRR", ReferenceReceiver::frr);
    receivers.put("GoBGP", ReferenceReceiver::goBgp);
    List<Measured> received = new ArrayList<>();
    receivers.forEach(
        (name, start) -> {
          if (selected(name)) {
            received.add(receive(name, start));
          }
        });

    Map<String, Function<Host, SenderProcess>> senders = new LinkedHashMap<>();
    senders.put(
        "Tabby",
        host -> new SenderProcess(TabbyDaemon.sender(host, tabbyJavaOptions, prefixes), true));
    senders.put(
        "BIRD", host -> new SenderProcess(BirdRouter.sender(host, prefixes).process(), false));
    List<Measured> sent = new ArrayList<>();
    senders.forEach(
        (name, start) -> {
          if (selected(name)) {
            sent.add(send(name, start));
          }
        });

    System.out.println();
    System.out.println("Receiving " + prefixes + " prefixes from a BIRD sender:");
    System.out.println(ResultTable.receiving(received));
    System.out.println("Sending " + prefixes + " prefixes to a BIRD receiver:");
    System.out.println(ResultTable.sending(sent));
  }

  /** Whether {@code daemon} is in {@code BGP_BENCH_DAEMONS} (a comma-separated list), if set. */
  private static boolean selected(String daemon) {
    String only = System.getenv("BGP_BENCH_DAEMONS");
    return only == null || only.isBlank() || List.of(only.split(",")).contains(daemon);
  }

  /** A BIRD sender feeds the table to the daemon that {@code start} launches. */
  private Measured receive(String name, Function<Host, BenchDaemon> start) {
    log.warn("receiving with {}", name);
    try (Lab lab = Lab.create()) {
      Topology topology = Topology.create(lab);
      BenchDaemon receiver = start.apply(topology.receiver());
      settle();
      Memory idle = sample(receiver.process(), receiver.jvm());
      BirdRouter sender = BirdRouter.sender(topology.sender(), prefixes);
      Transfer transfer =
          Transfer.watch(
              receiver,
              List.of(receiver.process(), sender.process()),
              prefixes,
              timeout,
              pollInterval);
      settle();
      Memory after =
          receiver.process().isAlive() ? sample(receiver.process(), receiver.jvm()) : null;
      return new Measured(name, transfer, idle, after, null);
    } catch (RuntimeException | AssertionError e) {
      log.warn("{} as the receiver failed", name, e);
      return Measured.failed(name, e.toString());
    }
  }

  /** The daemon that {@code start} launches feeds the table to a BIRD receiver. */
  private Measured send(String name, Function<Host, SenderProcess> start) {
    log.warn("sending with {}", name);
    try (Lab lab = Lab.create()) {
      Topology topology = Topology.create(lab);
      BirdRouter receiver = BirdRouter.receiver(topology.receiver());
      SenderProcess sender = start.apply(topology.sender());
      Transfer transfer =
          Transfer.watch(
              receiver,
              List.of(receiver.process(), sender.process()),
              prefixes,
              timeout,
              pollInterval);
      settle();
      Memory after = sender.process().isAlive() ? sample(sender.process(), sender.jvm()) : null;
      return new Measured(name, transfer, null, after, null);
    } catch (RuntimeException | AssertionError e) {
      log.warn("{} as the sender failed", name, e);
      return Measured.failed(name, e.toString());
    }
  }

  private static Memory sample(HostProcess process, boolean jvm) {
    Memory memory = Memory.of(process.pid(), jvm);
    log.warn(
        "{} (pid {}): RSS {} bytes, live heap {}",
        process.name(),
        process.pid(),
        memory.residentBytes(),
        memory.liveHeapBytes() == null ? "n/a" : memory.liveHeapBytes() + " bytes");
    return memory;
  }

  private static void settle() {
    try {
      Thread.sleep(SETTLE.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** A sender's process, and whether it is a JVM (whose live heap is worth sampling). */
  private record SenderProcess(HostProcess process, boolean jvm) {}
}
