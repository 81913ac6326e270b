package dev.tabby.testbench.bgp;

import dev.tabby.testbench.Host;
import dev.tabby.testbench.HostProcess;
import dev.tabby.testbench.Wait;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A real BGP daemon running in a lab {@link Host}, configured from a {@link BgpDaemonConfig}: its
 * sessions and learned routes can be read in one normalised form, prefixes can be announced and
 * withdrawn at runtime, and the {@code await...} methods wait with a deadline and fail naming what
 * was expected and what was seen. The lab stops the daemon when it closes.
 */
public abstract class BgpDaemon {

  /** Long enough for sessions to come up with the shortened connect timers every launcher sets. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(20);

  /** Daemons get this long to open their control socket after starting. */
  protected static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(15);

  private final String kind;
  private final Host host;
  private volatile BgpDaemonConfig config;
  private final Set<String> originated;
  private HostProcess process;

  protected BgpDaemon(String kind, Host host, BgpDaemonConfig config) {
    this.kind = kind;
    this.host = host;
    this.config = config;
    this.originated = new LinkedHashSet<>(config.originated());
  }

  /** Every session this daemon has configured, with its state. */
  public abstract List<NeighborState> neighbors();

  /** Every path learned from peers (not the daemon's own originated prefixes). */
  public abstract List<LearnedRoute> routes();

  /** Starts originating {@code prefix} (IPv4 or IPv6) now. */
  public abstract void announce(String prefix);

  /** Stops originating {@code prefix}. */
  public abstract void withdraw(String prefix);

  public Host host() {
    return host;
  }

  public BgpDaemonConfig config() {
    return config;
  }

  /** Records the configuration a running daemon was given in place of the one it started with. */
  protected void configChanged(BgpDaemonConfig newConfig) {
    this.config = newConfig;
  }

  public HostProcess process() {
    return process;
  }

  /** The prefixes this daemon originates right now. */
  public synchronized Set<String> originated() {
    return Collections.unmodifiableSet(new LinkedHashSet<>(originated));
  }

  /** Stops the daemon (it sends its peers a NOTIFICATION on the way out). */
  public void stop() {
    process.stop();
  }

  /** The state of the session with {@code address}. */
  public NeighborState neighbor(String address) {
    return neighbors().stream()
        .filter(n -> n.address().equals(address))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    this + " has no neighbour " + address + "; it has " + neighbors()));
  }

  /** The paths learned for {@code prefix}, possibly none. */
  public List<LearnedRoute> routes(String prefix) {
    return routes().stream().filter(r -> r.prefix().equals(prefix)).toList();
  }

  public NeighborState awaitEstablished(String address) {
    return awaitEstablished(address, DEFAULT_TIMEOUT);
  }

  public NeighborState awaitEstablished(String address, Duration timeout) {
    return await(
        "session with " + address + " to be Established at " + this,
        timeout,
        () -> neighbor(address),
        NeighborState::established);
  }

  /** Waits until the session with {@code address} is anything but Established. */
  public NeighborState awaitNotEstablished(String address, Duration timeout) {
    return await(
        "session with " + address + " to leave Established at " + this,
        timeout,
        () -> neighbor(address),
        n -> !n.established());
  }

  public List<NeighborState> awaitAllEstablished() {
    return await(
        "every session to be Established at " + this,
        DEFAULT_TIMEOUT,
        this::neighbors,
        ns ->
            ns.size() == config.neighbors().size()
                && ns.stream().allMatch(NeighborState::established));
  }

  public LearnedRoute awaitRoute(String prefix) {
    return awaitRoute(prefix, DEFAULT_TIMEOUT);
  }

  /** Waits until a path for {@code prefix} has been learned and returns it. */
  public LearnedRoute awaitRoute(String prefix, Duration timeout) {
    List<LearnedRoute> found =
        await(
            "a route to " + prefix + " at " + this,
            timeout,
            this::routes,
            routes -> routes.stream().anyMatch(r -> r.prefix().equals(prefix)));
    return found.stream().filter(r -> r.prefix().equals(prefix)).findFirst().orElseThrow();
  }

  public void awaitNoRoute(String prefix) {
    awaitNoRoute(prefix, DEFAULT_TIMEOUT);
  }

  /** Waits until no path for {@code prefix} is left, e.g. after the peer withdrew it. */
  public void awaitNoRoute(String prefix, Duration timeout) {
    await(
        prefix + " to be gone from " + this,
        timeout,
        this::routes,
        routes -> routes.stream().noneMatch(r -> r.prefix().equals(prefix)));
  }

  @Override
  public String toString() {
    return kind + " on " + host.name();
  }

  /**
   * Fails with what to install when a daemon's executable is missing, rather than with a namespace
   * exec error in a log.
   */
  protected static void requireInstalled(String executable, String debianPackage) {
    Path path = Path.of(executable);
    boolean found =
        path.isAbsolute()
            ? Files.isExecutable(path)
            : Stream.of(System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin").split(":"))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, executable)));
    if (!found) {
      throw new IllegalStateException(
          executable
              + " is not installed: install the Debian package "
              + debianPackage
              + " (scripts/install-deps.sh does)");
    }
  }

  /** Records the started process; subclasses call it right after starting the daemon. */
  protected void started(HostProcess daemonProcess) {
    this.process = daemonProcess;
  }

  /** Adds to the originated set; false if it was already there. */
  protected synchronized boolean addOriginated(String prefix) {
    return originated.add(prefix);
  }

  /** Removes from the originated set; false if it was not there. */
  protected synchronized boolean removeOriginated(String prefix) {
    return originated.remove(prefix);
  }

  /**
   * Like {@link Wait#until}, but fails at once, with the end of the daemon's log, if the daemon has
   * died: no point waiting for a session from a crashed daemon.
   */
  protected <T> T await(
      String expectation, Duration timeout, Supplier<T> observe, Predicate<? super T> done) {
    return Wait.until(
        expectation,
        timeout,
        () -> {
          requireRunning();
          return observe.get();
        },
        done);
  }

  /** Throws an {@link AssertionError} with the daemon's log unless the daemon is running. */
  protected void requireRunning() {
    if (process != null && !process.isAlive()) {
      throw new AssertionError(this + " has exited; " + process.describe() + ":\n" + logTail());
    }
  }

  /** The last lines of the daemon's log, for failure messages. */
  protected String logTail() {
    List<String> lines = process.log().lines().toList();
    return lines.subList(Math.max(0, lines.size() - 30), lines.size()).stream()
        .collect(Collectors.joining("\n"));
  }
}
