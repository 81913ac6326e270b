package dev.tabby.bench.rr;

import dev.tabby.bench.bgp.BenchJvm;
import dev.tabby.bench.bgp.ProcessCpu;
import dev.tabby.bench.bgp.ProcessMemory;
import dev.tabby.testbench.Host;
import dev.tabby.testbench.HostProcess;
import dev.tabby.testbench.Lab;
import dev.tabby.testbench.Wait;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The route reflector benchmark: N iBGP clients ({@link ClientSimulator}, one JVM in its own
 * namespace, one address per client) against Tabby's, BIRD's and FRR's reflector in turn, each in a
 * fresh lab. Every client announces one /26 with its own next hop; the run times until every client
 * holds every other client's prefix, then until every client has processed every withdrawal, and
 * reports the reflector's RSS and CPU and the simulator's CPU. It reports; it asserts nothing.
 *
 * <p>Usage: {@code ReflectorBenchmark [CLIENTS (1000)] [PHASE_TIMEOUT_SECONDS (300)]}; system
 * properties {@code bench.reflectors} (e.g. {@code Tabby,BIRD}), {@code bench.tabbyJavaOptions}
 * (the daemon's JVM options, default {@code bin/tabby-bgp}'s) and {@code
 * bench.simulatorJavaOptions}.
 */
public final class ReflectorBenchmark {

  private static final Pattern ESTABLISHED =
      Pattern.compile("event=established clients=\\d+ seconds=([\\d.]+)");
  private static final Duration ESTABLISH_TIMEOUT = Duration.ofSeconds(300);

  /** Below this share of a core over a second, a reflector counts as quiet. */
  private static final double QUIET_CORES = 0.05;

  private static final Duration QUIET_TIMEOUT = Duration.ofSeconds(60);

  private final ClientPlan plan;
  private final Duration phaseTimeout;
  private final String simulatorJavaOptions;

  private ReflectorBenchmark(ClientPlan plan, Duration phaseTimeout, String simulatorJavaOptions) {
    this.plan = plan;
    this.phaseTimeout = phaseTimeout;
    this.simulatorJavaOptions = simulatorJavaOptions;
  }

  public static void main(String[] args) {
    ClientPlan plan = new ClientPlan(args.length > 0 ? Integer.parseInt(args[0]) : 1000);
    Duration timeout = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 300);
    List<Reflector.Kind> kinds =
        List.of(
            new TabbyReflector(System.getProperty("bench.tabbyJavaOptions")),
            new BirdReflector(),
            new FrrReflector());
    List<String> wanted =
        Arrays.asList(System.getProperty("bench.reflectors", "Tabby,BIRD,FRR").split(","));
    ReflectorBenchmark benchmark =
        new ReflectorBenchmark(
            plan,
            timeout,
            System.getProperty("bench.simulatorJavaOptions", "-XX:+UseSerialGC -Xmx256m"));
    List<ReflectorRun> runs = new ArrayList<>();
    for (Reflector.Kind kind : kinds) {
      if (wanted.contains(kind.name())) {
        runs.add(benchmark.run(kind));
        System.out.println(ReflectorTable.render(plan, runs));
      }
    }
    System.out.println(ReflectorTable.render(plan, runs));
    System.exit(0);
  }

  private ReflectorRun run(Reflector.Kind kind) {
    String load = loadAverage();
    Double establishSeconds = null;
    Long idleBytes = null;
    PhaseResult announce = null;
    Long convergedBytes = null;
    Long steadyBytes = null;
    PhaseResult withdraw = null;
    Long peakBytes = null;
    String problem = null;
    try (Lab lab = Lab.create()) {
      ReflectorLab hosts = ReflectorLab.create(lab, plan);
      Reflector reflector = kind.start(hosts.reflector(), plan);
      long pid = reflector.process().pid();
      Host clients = hosts.clients();
      Path cue = clients.writeFile("cue", "");
      HostProcess simulator =
          BenchJvm.start(
              clients,
              "simulator",
              simulatorJavaOptions,
              ClientSimulator.class,
              Integer.toString(plan.clients()),
              cue.toString());
      establishSeconds =
          Double.parseDouble(
              awaitLine(simulator, reflector, ESTABLISHED, ESTABLISH_TIMEOUT, "every session")
                  .group(1));
      awaitQuiet(reflector);
      idleBytes = ProcessMemory.residentBytes(pid);
      announce = phase(simulator, reflector, cue, Tally.Phase.ANNOUNCE);
      convergedBytes = ProcessMemory.residentBytes(pid);
      awaitQuiet(reflector);
      steadyBytes = ProcessMemory.residentBytes(pid);
      withdraw = phase(simulator, reflector, cue, Tally.Phase.WITHDRAW);
      peakBytes = ProcessMemory.peakResidentBytes(pid);
    } catch (RuntimeException | AssertionError e) {
      problem = e.getMessage();
      e.printStackTrace();
    }
    return new ReflectorRun(
        kind.name(),
        load,
        problem,
        establishSeconds,
        idleBytes,
        announce,
        convergedBytes,
        steadyBytes,
        withdraw,
        peakBytes);
  }

  /** Cues the simulator into {@code phase} and waits for its report, timing the reflector's CPU. */
  private PhaseResult phase(
      HostProcess simulator, Reflector reflector, Path cue, Tally.Phase phase) {
    Duration before = cpu(reflector);
    write(cue, phase.name().toLowerCase(java.util.Locale.ROOT));
    Matcher done =
        awaitLine(simulator, reflector, PhaseResult.line(phase), phaseTimeout, "phase " + phase);
    return PhaseResult.of(done, cpu(reflector).minus(before));
  }

  private static Matcher awaitLine(
      HostProcess simulator,
      Reflector reflector,
      Pattern line,
      Duration timeout,
      String expectation) {
    return Wait.until(
        "the simulator to report " + expectation + " with " + reflector.name(),
        timeout,
        () -> {
          requireAlive(reflector.process());
          requireAlive(simulator);
          return line.matcher(simulator.log());
        },
        Matcher::find);
  }

  /** Throws, quoting the end of the process's log, unless the process is running. */
  private static void requireAlive(HostProcess process) {
    if (!process.isAlive()) {
      String log = process.log().strip();
      throw new IllegalStateException(
          process.name()
              + " exited; the end of "
              + process.logFile()
              + ": "
              + log.substring(Math.max(0, log.length() - 300)));
    }
  }

  /**
   * Waits until the reflector uses under {@link #QUIET_CORES} of a core over a second: a JVM
   * compiles and collects for a while after its work, and the next clock must not start on that.
   */
  private static void awaitQuiet(Reflector reflector) {
    Wait.until(
        reflector.name() + " to use under " + QUIET_CORES + " of a core over 1 s",
        QUIET_TIMEOUT,
        () -> {
          Duration before = cpu(reflector);
          sleepOneSecond();
          return cpu(reflector).minus(before).toNanos() / 1e9 < QUIET_CORES;
        });
  }

  private static Duration cpu(Reflector reflector) {
    Duration used = ProcessCpu.used(reflector.process().pid());
    if (used == null) {
      throw new IllegalStateException(reflector.name() + " has exited");
    }
    return used;
  }

  private static void sleepOneSecond() {
    try {
      Thread.sleep(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static void write(Path file, String content) {
    try {
      Files.writeString(file, content);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private static String loadAverage() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return fields[0] + " " + fields[1] + " " + fields[2];
    } catch (IOException e) {
      return "unknown";
    }
  }
}
