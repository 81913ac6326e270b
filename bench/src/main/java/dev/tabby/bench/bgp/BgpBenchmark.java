package dev.tabby.bench.bgp;

import dev.tabby.testbench.Host;
import dev.tabby.testbench.HostProcess;
import dev.tabby.testbench.Lab;
import dev.tabby.testbench.Wait;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The BGP benchmark, side by side in one run: a BIRD sender, then a Tabby sender, then a recording
 * of the BIRD sender's UPDATEs sent at once ({@link RecordedStream}), as recorded and with its
 * prefixes shuffled ({@link ShuffledStream}), feeds N IPv4 /28s over iBGP to Tabby, BIRD, FRR and
 * GoBGP in turn, and then again over a new session to the warm receiver. The two first loads into
 * BIRD compare the senders. Each run gets a fresh lab and ends with it. Prints Markdown tables;
 * asserts nothing.
 *
 * <p>Usage: {@code BgpBenchmark [PREFIXES (1000000)] [TIMEOUT_SECONDS (300)] [POLL_MILLISECONDS
 * (100)] [TABBY_SENDER_POLL_MILLISECONDS (20)]}; the system property {@code bench.tabbyJavaOptions}
 * holds the Tabby JVMs' options.
 */
public final class BgpBenchmark {

  private static final Logger log = LoggerFactory.getLogger(BgpBenchmark.class);

  /**
   * Memory is sampled this long after start-up and after the last prefix, so a daemon's start-up
   * work and its post-processing of the table (best paths, update groups) are done.
   */
  private static final Duration SETTLE = Duration.ofSeconds(3);

  /** The shuffled stream's order, the same in every run. */
  private static final long SHUFFLE_SEED = 2_385;

  /**
   * The smallest table timed: its NLRI alone (5 bytes per /28) outgrows the 4,115 bytes an OPEN and
   * a KEEPALIVE can take, after which {@link Transfer} starts the clock.
   */
  private static final int MIN_PREFIXES = 1000;

  private final int prefixes;
  private final Duration timeout;

  /**
   * How often the receiver's count is read: with the query's own time, the run's resolution. Each
   * read forks a CLI and costs the daemon an answer, so reading too often slows what it measures.
   */
  private final Duration pollInterval;

  /**
   * The poll interval with Tabby's sender, which sends about 1,000,000 prefixes a second: a 100 ms
   * poll would be a tenth of the whole transfer.
   */
  private final Duration fastPollInterval;

  private final String tabbyJavaOptions;
  private final boolean tabbyWarmup;

  private BgpBenchmark(
      int prefixes,
      Duration timeout,
      Duration pollInterval,
      Duration fastPollInterval,
      String tabbyJavaOptions,
      boolean tabbyWarmup) {
    this.prefixes = prefixes;
    this.timeout = timeout;
    this.pollInterval = pollInterval;
    this.fastPollInterval = fastPollInterval;
    this.tabbyJavaOptions = tabbyJavaOptions;
    this.tabbyWarmup = tabbyWarmup;
  }

  public static void main(String[] args) {
    try {
      int prefixes = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
      if (prefixes < MIN_PREFIXES || prefixes > Prefixes.MAX) {
        throw new NumberFormatException(
            "PREFIXES must be "
                + MIN_PREFIXES
                + ".."
                + Prefixes.MAX
                + ": the clock starts once the UPDATEs outgrow the handshake's bytes");
      }
      Duration timeout = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 300);
      Duration poll = Duration.ofMillis(args.length > 2 ? Long.parseLong(args[2]) : 100);
      Duration fastPoll = Duration.ofMillis(args.length > 3 ? Long.parseLong(args[3]) : 20);
      String javaOptions = System.getProperty("bench.tabbyJavaOptions", "-Xmx2g");
      new BgpBenchmark(prefixes, timeout, poll, fastPoll, javaOptions, tabbyWarmup()).run();
    } catch (IllegalArgumentException e) {
      System.err.println(
          "usage: BgpBenchmark [PREFIXES (1000000)] [TIMEOUT_SECONDS (300)]"
              + " [POLL_MILLISECONDS (100)] [TABBY_SENDER_POLL_MILLISECONDS (20)]: "
              + e.getMessage());
      System.exit(2);
    }
  }

  private void run() {
    System.out.printf(
        "BGP benchmark: %,d IPv4 /28 prefixes over iBGP, %d cores, Tabby JVM options: %s,"
            + " timeout %d s per run, count polled every %d ms (BIRD sender) and %d ms (Tabby"
            + " sender), Tabby receiver warm-up %s%n",
        prefixes,
        Runtime.getRuntime().availableProcessors(),
        tabbyJavaOptions,
        timeout.toSeconds(),
        pollInterval.toMillis(),
        fastPollInterval.toMillis(),
        tabbyWarmup ? "on" : "off (TABBY_WARMUP=false)");
    Map<String, Function<Host, BenchDaemon>> receivers = new LinkedHashMap<>();
    receivers.put("Tabby", host -> TabbyDaemon.receiver(host, tabbyJavaOptions, tabbyWarmup));
    receivers.put("BIRD", BirdRouter::receiver);
    receivers.put("FRR", ReferenceReceiver::frr);
    receivers.put("GoBGP", ReferenceReceiver::goBgp);
    receivers.keySet().removeIf(name -> !selected(name));

    // BIRD's sender is the method; it caps every receiver near its own ~270,000/s.
    Feed bird = new Feed("BIRD", host -> BirdRouter.sender(host, prefixes).sending(), pollInterval);
    // Tabby's sends several times faster, so receivers are compared nearer their own limits.
    Feed tabby =
        new Feed(
            "Tabby",
            host -> TabbyDaemon.sender(host, tabbyJavaOptions, prefixes),
            fastPollInterval);
    List<Loads> fromBird = feedSelected("BIRD") ? receiveAll(bird, receivers) : List.of();
    List<Loads> fromTabby = feedSelected("Tabby") ? receiveAll(tabby, receivers) : List.of();
    // BIRD's own stream again, sent at once: the receivers' speed on the BIRD-fed tables' bytes,
    // in BIRD's order and with the prefixes shuffled (BIRD's order is its own table's hash order).
    List<Loads> fromReplay = List.of();
    List<Loads> fromShuffled = List.of();
    if (feedSelected("replay") || feedSelected("shuffled")) {
      Path birdStream = RecordedStream.record(prefixes, timeout);
      if (feedSelected("replay")) {
        fromReplay = receiveAll(replayFeed("BIRD's stream, replayed", birdStream), receivers);
      }
      if (feedSelected("shuffled")) {
        Path shuffled = RecordedStream.shuffled(birdStream, SHUFFLE_SEED);
        fromShuffled = receiveAll(replayFeed("BIRD's stream, shuffled", shuffled), receivers);
      }
    }

    System.out.println();
    printReceiving("from a BIRD sender", fromBird);
    printReceiving("from a Tabby sender", fromTabby);
    printReceiving("replayed from a recording of BIRD's sender, all at once", fromReplay);
    printReceiving(
        "replayed from a recording of BIRD's sender with its prefixes shuffled, all at once",
        fromShuffled);
    // Both senders' first loads into a BIRD receiver, from the tables above.
    List<Measured> toBird =
        Stream.concat(fromTabby.stream(), fromBird.stream())
            .map(Loads::first)
            .filter(run -> run.receiver().equals("BIRD"))
            .toList();
    System.out.println("Sending " + prefixes + " prefixes to a BIRD receiver:");
    System.out.println(
        toBird.isEmpty()
            ? "(needs BIRD in BGP_BENCH_DAEMONS and the BIRD or Tabby feed)\n"
            : ResultTable.sending(toBird));
  }

  private Feed replayFeed(String name, Path stream) {
    return new Feed(name, host -> RecordedStream.replayer(host, stream), fastPollInterval);
  }

  private void printReceiving(String feed, List<Loads> loads) {
    if (loads.isEmpty()) {
      return;
    }
    System.out.println("Receiving " + prefixes + " prefixes " + feed + ", first load:");
    System.out.println(ResultTable.receiving(loads.stream().map(Loads::first).toList()));
    System.out.println(
        "Receiving " + prefixes + " prefixes " + feed + ", second load (warm), a new session:");
    System.out.println(ResultTable.receiving(loads.stream().map(Loads::second).toList()));
  }

  /** The receiver's {@code warmup} config flag: {@code TABBY_WARMUP=false} turns it off. */
  private static boolean tabbyWarmup() {
    String value = System.getenv("TABBY_WARMUP");
    if (value == null || value.isBlank()) {
      return true;
    }
    if (!value.equals("true") && !value.equals("false")) {
      throw new IllegalArgumentException(
          "TABBY_WARMUP must be true or false, got \"" + value + "\"");
    }
    return Boolean.parseBoolean(value);
  }

  /** Whether {@code daemon} is in {@code BGP_BENCH_DAEMONS} (a comma-separated list), if set. */
  private static boolean selected(String daemon) {
    return listed("BGP_BENCH_DAEMONS", daemon);
  }

  /** Whether {@code feed} (BIRD, Tabby, replay, shuffled) is in {@code BGP_BENCH_FEEDS}, if set. */
  private static boolean feedSelected(String feed) {
    return listed("BGP_BENCH_FEEDS", feed);
  }

  private static boolean listed(String variable, String name) {
    String only = System.getenv(variable);
    return only == null || only.isBlank() || List.of(only.split(",")).contains(name);
  }

  private List<Loads> receiveAll(Feed feed, Map<String, Function<Host, BenchDaemon>> receivers) {
    List<Loads> runs = new ArrayList<>();
    receivers.forEach((name, start) -> runs.add(receive(feed, name, start)));
    return runs;
  }

  /**
   * {@code feed}'s sender sends the table to the daemon that {@code start} launches, then, over a
   * new session, again: a long-running receiver is warm, while a fresh JVM compiles its receive
   * path during the first load.
   */
  private Loads receive(Feed feed, String name, Function<Host, BenchDaemon> start) {
    log.warn("{} sends to {}", feed.sender(), name);
    Measured first = null;
    try (Lab lab = Lab.create()) {
      Topology topology = Topology.create(lab);
      BenchDaemon receiver = start.apply(topology.receiver());
      settle();
      Memory idle = sample(receiver.process(), receiver.jvm());
      Sender sender = feed.start().apply(topology.sender());
      first = load(feed, receiver, sender, idle);
      if (!first.complete()) {
        return new Loads(first, Measured.failed(feed.sender(), name, "the first load failed"));
      }
      log.warn("{} sends to {} again, over a new session", feed.sender(), name);
      sender.session().set(false);
      awaitSessionDown(receiver);
      settle();
      return new Loads(first, load(feed, receiver, sender.reconnect(), idle));
    } catch (RuntimeException | AssertionError e) {
      log.warn("{} sending to {} failed", feed.sender(), name, e);
      Measured failed = Measured.failed(feed.sender(), name, e.toString());
      return new Loads(first == null ? failed : first, failed);
    }
  }

  /** Times one load of the table and samples both daemons' memory after it. */
  private Measured load(Feed feed, BenchDaemon receiver, Sender sender, Memory idle) {
    Transfer transfer = Transfer.watch(receiver, sender, prefixes, timeout, feed.poll());
    settle();
    Memory after = receiver.process().isAlive() ? sample(receiver.process(), receiver.jvm()) : null;
    Memory senderAfter = sender.process().isAlive() ? sample(sender.process(), feed.jvm()) : null;
    return new Measured(feed.sender(), receiver.name(), transfer, idle, after, senderAfter, null);
  }

  /**
   * Waits until the receiver has closed the session and its count of the sender's prefixes is back
   * to 0: it has dropped the first load's routes, and the second starts from the same state for
   * every receiver.
   */
  private void awaitSessionDown(BenchDaemon receiver) {
    Wait.until(
        receiver.name() + " to close the session and count no prefix from the sender",
        timeout,
        () ->
            new ReceiverSide(
                SessionBytes.received(receiver.process().host()), receiver.acceptedPrefixes()),
        ReceiverSide::down);
  }

  /** What the receiver has of the session: its socket's bytes (0 when closed) and its count. */
  private record ReceiverSide(long sessionBytes, long counted) {

    boolean down() {
      return sessionBytes == 0 && counted == 0;
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

  /** A receiver's two loads of the table from one sender: the first, and a warm second one. */
  private record Loads(Measured first, Measured second) {}

  /**
   * A sender: its name, how to start it (returning once it has its table and starts sending), and
   * how often the receiver's count is read while it sends.
   */
  private record Feed(String sender, Function<Host, Sender> start, Duration poll) {

    /** Tabby's sender is a JVM, whose live heap is worth sampling. */
    boolean jvm() {
      return sender.equals("Tabby");
    }
  }
}
