package dev.tabby.testbench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A throw-away network lab on this machine: hosts are network namespaces, cabled with veth pairs
 * and bridges, running real processes. Everything is removed by {@link #close()}, by a JVM shutdown
 * hook if the test is killed, and at the start of the next run if the JVM died hard.
 *
 * <pre>{@code
 * try (Lab lab = Lab.create()) {
 *   Host a = lab.host("a");
 *   Host b = lab.host("b");
 *   lab.link(a, "eth0", b, "eth0");
 *   a.addAddress("eth0", "10.0.0.1/24");
 *   b.addAddress("eth0", "10.0.0.2/24");
 *   Wait.until("a answers b's ping", Duration.ofSeconds(5), () -> b.ping("10.0.0.1"), ExecResult::ok);
 * }
 * }</pre>
 *
 * <p>Namespaces are named {@code tby<pid>-<lab>-<host>}, so concurrently running test JVMs never
 * touch each other's. Config files and process logs go to {@link #runDir()}, which is kept after
 * close so failure messages can point at the logs.
 */
public final class Lab implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Lab.class);
  private static final Pattern HOST_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,15}");
  private static final int MAX_IFNAME = 15;
  private static final Path RUNS_DIR = Path.of(System.getProperty("java.io.tmpdir"), "tabby-lab");
  private static final Duration KEEP_OLD_RUN_DIRS = Duration.ofDays(1);

  private static final AtomicInteger LAB_NUMBERS = new AtomicInteger();
  private static final Set<Lab> OPEN = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(() -> List.copyOf(OPEN).forEach(Lab::close), "testbench-lab-cleanup"));
  }

  private final String prefix;
  private final Path runDir;
  private final Map<String, Host> hosts = new LinkedHashMap<>();
  private final AtomicInteger portNumbers = new AtomicInteger();
  private boolean closed;

  private Lab(String prefix, Path runDir) {
    this.prefix = prefix;
    this.runDir = runDir;
  }

  /**
   * Starts a lab, first deleting namespaces left by test runs whose JVM has died.
   *
   * @throws IllegalStateException when not running as root or without iproute2
   */
  public static Lab create() {
    requireRootAndIproute2();
    Namespaces.deleteLeftoversOfDeadRuns();
    deleteOldRunDirs();
    String prefix = Namespaces.prefix(ProcessHandle.current().pid(), LAB_NUMBERS.incrementAndGet());
    Path runDir;
    try {
      Files.createDirectories(RUNS_DIR);
      runDir = Files.createTempDirectory(RUNS_DIR, prefix);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a run directory under " + RUNS_DIR, e);
    }
    Lab lab = new Lab(prefix, runDir);
    OPEN.add(lab);
    log.info("lab {} started; configs and logs in {}", prefix, runDir);
    return lab;
  }

  /** This lab's namespace name prefix, e.g. {@code tby4242-1-}. */
  public String prefix() {
    return prefix;
  }

  /** The directory holding every host's configs and logs; kept after close. */
  public Path runDir() {
    return runDir;
  }

  /** The hosts created so far, in creation order. */
  public synchronized List<Host> hosts() {
    return List.copyOf(hosts.values());
  }

  /**
   * Creates a host: a new network namespace with {@code lo} up.
   *
   * @param name short lowercase name, unique in this lab ({@code r1}, {@code tor}, {@code pod-a})
   */
  public synchronized Host host(String name) {
    requireOpen();
    if (!HOST_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "host name '" + name + "' must be 1-16 of [a-z0-9-], starting with a letter or digit");
    }
    if (hosts.containsKey(name)) {
      throw new IllegalArgumentException("this lab already has a host named " + name);
    }
    String namespace = prefix + name;
    Path dir = runDir.resolve(name);
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir, e);
    }
    Namespaces.add(namespace);
    Host host = new Host(name, namespace, dir);
    hosts.put(name, host);
    host.ip("link", "set", "dev", "lo", "up");
    log.debug("created host {}", host);
    return host;
  }

  /**
   * Cables two hosts with a veth pair, {@code ifA} in {@code a} and {@code ifB} in {@code b}, and
   * brings both ends up. Both ends are created directly in their namespaces, so nothing ever
   * appears in the machine's own namespace and names only need to be unique per host.
   */
  public Link link(Host a, String ifA, Host b, String ifB) {
    requireOpen();
    requireIfname(ifA);
    requireIfname(ifB);
    // "name" and "dev" everywhere: an interface may be called "down" or "up", which ip would
    // otherwise read as keywords.
    a.ip("link", "add", "name", ifA, "type", "veth", "peer", "name", ifB, "netns", b.namespace());
    a.ip("link", "set", "dev", ifA, "up");
    b.ip("link", "set", "dev", ifB, "up");
    Link link = new Link(a, ifA, b, ifB);
    log.debug("cabled {}", link);
    return link;
  }

  /** Creates a bridge (a switch) named {@code name} inside {@code host}, up. */
  public Bridge bridge(Host host, String name) {
    requireOpen();
    requireIfname(name);
    host.ip("link", "add", "name", name, "type", "bridge");
    host.ip("link", "set", "dev", name, "up");
    return new Bridge(this, host, name);
  }

  /** Stops every process and deletes every namespace of this lab. Safe to call twice. */
  @Override
  public void close() {
    List<Host> toRemove;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      toRemove = new ArrayList<>(hosts.values());
    }
    for (Host host : toRemove) {
      host.stopProcesses();
    }
    for (Host host : toRemove) {
      Namespaces.delete(host.namespace());
    }
    OPEN.remove(this);
    log.info("lab {} closed; logs kept in {}", prefix, runDir);
  }

  /** A fresh bridge-port name, unique within this lab. */
  String nextPortName() {
    return "bp" + portNumbers.incrementAndGet();
  }

  private synchronized void requireOpen() {
    if (closed) {
      throw new IllegalStateException(
          "lab " + prefix + " is closed (by close(), or by the JVM shutting down)");
    }
  }

  private static void requireIfname(String ifname) {
    if (ifname.isEmpty()
        || ifname.length() > MAX_IFNAME
        || ifname.contains("/")
        || ifname.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException(
          "interface name '" + ifname + "' must be 1-15 characters without '/' or spaces");
    }
  }

  private static void requireRootAndIproute2() {
    String advice = "network tests need root and iproute2: run scripts/test.sh as root";
    Object uid;
    try {
      uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    } catch (IOException | UnsupportedOperationException e) {
      throw new IllegalStateException(advice + " (cannot tell the user id: " + e + ")", e);
    }
    if (!Integer.valueOf(0).equals(uid)) {
      throw new IllegalStateException(advice + " (running as uid " + uid + ")");
    }
    try {
      Commands.run(List.of("ip", "-V")).orThrow();
    } catch (RuntimeException e) {
      throw new IllegalStateException(advice + " (`ip` does not run: " + e.getMessage() + ")", e);
    }
  }

  /** Run directories are kept for post-mortems, but not forever. */
  private static void deleteOldRunDirs() {
    if (!Files.isDirectory(RUNS_DIR)) {
      return;
    }
    Instant cutoff = Instant.now().minus(KEEP_OLD_RUN_DIRS);
    try (Stream<Path> runs = Files.list(RUNS_DIR)) {
      for (Path run : runs.toList()) {
        if (Files.getLastModifiedTime(run).toInstant().isBefore(cutoff)) {
          deleteRecursively(run);
        }
      }
    } catch (IOException e) {
      log.warn("could not prune old run directories in {}: {}", RUNS_DIR, e.toString());
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(file);
      }
    }
  }
}
