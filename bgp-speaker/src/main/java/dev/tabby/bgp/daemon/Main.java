package dev.tabby.bgp.daemon;

import dev.tabby.bfd.BfdSessions;
import dev.tabby.bgp.BgpSpeaker;
import dev.tabby.bgp.bfd.BfdGuard;
import dev.tabby.bgp.rib.RouteBudget;
import dev.tabby.bgp.session.TcpMd5Exception;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/** {@code tabby-bgp --config FILE}: the standalone BGP speaker. */
@Command(
    name = "tabby-bgp",
    mixinStandardHelpOptions = true,
    description =
        "Standalone BGP speaker: peers, originated prefixes and a JSON state endpoint."
            + " SIGHUP re-reads the config file.")
public final class Main implements Callable<Integer> {

  /** Exit code for a bad configuration (and bad arguments, as picocli does). */
  static final int EXIT_CONFIG = 2;

  static final int EXIT_FAILURE = 1;

  @Option(names = "--config", required = true, description = "The YAML config file.")
  private Path config;

  private final PrintWriter err;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final Consumer<BgpSpeaker> startedHookForTests;

  Main(PrintWriter err) {
    this(err, speaker -> {});
  }

  /**
   * For tests that break a running daemon from inside: {@code startedHookForTests} is given the
   * speaker once it has started.
   */
  Main(PrintWriter err, Consumer<BgpSpeaker> startedHookForTests) {
    this.err = err;
    this.startedHookForTests = startedHookForTests;
  }

  public static void main(String[] args) {
    PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    System.exit(run(new Main(err), err, args));
  }

  /** Runs the daemon; returns its exit code. */
  static int run(Main main, PrintWriter err, String[] args) {
    // Logs go to stderr with the daemon's format; an embedding application keeps its own.
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "tabby-bgp-logback.xml");
    }
    FatalExit.onVirtualMachineError();
    return new CommandLine(main).setErr(err).execute(args);
  }

  @Override
  public Integer call() throws InterruptedException {
    DaemonConfig daemonConfig;
    try {
      daemonConfig = ConfigParser.load(config);
    } catch (ConfigException e) {
      err.println("tabby-bgp: " + e.getMessage());
      return EXIT_CONFIG;
    }
    Logger log = LoggerFactory.getLogger(Main.class);
    BgpSpeaker speaker;
    StateServer server;
    if (daemonConfig.warmup()) {
      // Before any session: a peer's full table then meets compiled code on its whole path.
      SessionWarmup.run();
    }
    try {
      speaker = BgpSpeaker.start(daemonConfig.speaker());
    } catch (IllegalStateException e) {
      err.println("tabby-bgp: " + e.getMessage());
      return EXIT_FAILURE;
    }
    // BFD sockets are opened on the thread that asks for a session: this process's namespace.
    BfdSessions bfd = BfdSessions.start();
    BfdGuard bfdGuard = new BfdGuard(speaker, bfd, Runnable::run);
    try {
      server = StateServer.start(daemonConfig.http(), speaker, bfdGuard::status);
    } catch (IOException e) {
      speaker.close();
      bfd.close();
      err.println(
          "tabby-bgp: cannot serve state on " + daemonConfig.http() + ": " + e.getMessage());
      return EXIT_FAILURE;
    }
    long maxRoutes =
        daemonConfig.maxRoutes() > 0 ? daemonConfig.maxRoutes() : RouteBudget.forThisHeap();
    speaker.routeBudget(maxRoutes);
    log.info(
        "event=route-budget max-routes={} source={}",
        maxRoutes,
        daemonConfig.maxRoutes() > 0 ? "config" : "heap");
    // A dead RIB thread or event loop leaves sessions up while nothing moves: exit instead.
    speaker.failure().thenAccept(FatalExit::exit);
    startedHookForTests.accept(speaker);
    ConfigReloader reloader = new ConfigReloader(config, speaker, bfdGuard, daemonConfig);
    try {
      reloader.applyInitial();
    } catch (TcpMd5Exception e) {
      // A session that should be signed must never run unsigned: refuse to start instead.
      server.close();
      speaker.close();
      bfd.close();
      err.println("tabby-bgp: " + e.getMessage());
      return EXIT_FAILURE;
    }
    // kill -HUP: apply the edited config file without dropping unchanged sessions.
    SignalHandler previous = Signal.handle(new Signal("HUP"), signal -> reloader.reload());
    if (previous == SignalHandler.SIG_IGN) {
      // The JVM leaves a signal ignored when it was ignored at start (nohup does that), so the
      // handler above never runs. bin/tabby-bgp resets SIGHUP for this reason.
      log.warn(
          "event=reload-unavailable reason=\"SIGHUP was ignored when tabby-bgp started (nohup?);"
              + " kill -HUP will not reload the config\"");
    }
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  log.info("event=shutdown");
                  server.close();
                  speaker.close();
                  bfd.close();
                  stopped.countDown();
                },
                "tabby-bgp-shutdown"));
    stopped.await();
    return 0;
  }
}
