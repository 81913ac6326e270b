package dev.tabby.testbench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A machine in the lab: one network namespace (with {@code lo} up) plus a directory for its
 * configuration files and logs. Everything it runs is confined to its namespace. Get one from
 * {@link Lab#host(String)}.
 */
public final class Host {

  private static final Logger log = LoggerFactory.getLogger(Host.class);

  private final String name;
  private final String namespace;
  private final Path dir;
  private final List<HostProcess> processes = new CopyOnWriteArrayList<>();

  Host(String name, String namespace, Path dir) {
    this.name = name;
    this.namespace = namespace;
    this.dir = dir;
  }

  /** The name the test gave this host. */
  public String name() {
    return name;
  }

  /** The network namespace's name, e.g. {@code tby4242-1-r1}. */
  public String namespace() {
    return namespace;
  }

  /** The namespace's bind mount, for tools that take a path ({@code setns}, CNI's netns). */
  public Path namespacePath() {
    return Path.of("/var/run/netns", namespace);
  }

  /** This host's own directory inside the run directory: its configs, sockets and logs. */
  public Path dir() {
    return dir;
  }

  /** Runs a command inside the namespace and waits for it; never throws for a non-zero exit. */
  public ExecResult exec(String... command) {
    return exec(List.of(command));
  }

  /** Runs a command inside the namespace and waits for it; never throws for a non-zero exit. */
  public ExecResult exec(List<String> command) {
    return Commands.run(inNamespace(command));
  }

  /** As {@link #exec(List)}, for a command that may take longer than the default 30 s. */
  public ExecResult exec(List<String> command, Duration timeout) {
    return Commands.run(inNamespace(command), timeout);
  }

  /**
   * Runs a command inside the namespace and throws {@link CommandFailedException} naming the
   * command and its stderr unless it exits 0.
   */
  public ExecResult execOk(String... command) {
    return exec(command).orThrow();
  }

  /** Runs {@code ip <args>} for this namespace and throws unless it succeeds. */
  public ExecResult ip(String... args) {
    List<String> command = new ArrayList<>(List.of("ip", "-n", namespace));
    command.addAll(List.of(args));
    return Commands.run(command).orThrow();
  }

  /**
   * Adds an IPv4 or IPv6 address in CIDR form ({@code 10.0.0.1/24}, {@code fd00::1/64}). IPv6
   * addresses skip duplicate address detection so they are usable at once.
   */
  public Host addAddress(String ifname, String cidr) {
    if (cidr.contains(":")) {
      ip("-6", "address", "add", cidr, "dev", ifname, "nodad");
    } else {
      ip("address", "add", cidr, "dev", ifname);
    }
    return this;
  }

  /** Adds a route to {@code destination} (a prefix or {@code default}) through {@code gateway}. */
  public Host addRoute(String destination, String gateway) {
    ip(family(gateway), "route", "add", destination, "via", gateway);
    return this;
  }

  /** Adds a route to {@code destination} straight out of {@code ifname} (on-link). */
  public Host addDeviceRoute(String destination, String ifname) {
    ip(family(destination), "route", "add", destination, "dev", ifname);
    return this;
  }

  /** Sets an interface's MTU. */
  public Host setMtu(String ifname, int mtu) {
    ip("link", "set", "dev", ifname, "mtu", Integer.toString(mtu));
    return this;
  }

  /** Turns on IPv4 and IPv6 forwarding in this namespace only, making the host a router. */
  public Host enableForwarding() {
    execOk("sysctl", "-q", "-w", "net.ipv4.ip_forward=1", "net.ipv6.conf.all.forwarding=1");
    return this;
  }

  /**
   * The kernel's routes of one family ({@code "-4"} or {@code "-6"}), as {@code ip route} prints.
   */
  public String routes(String family) {
    return ip(family, "route", "show").stdout();
  }

  /** Sends one ping (2 s deadline) from this host; the result says whether a reply came. */
  public ExecResult ping(String address) {
    return exec("ping", "-n", "-c", "1", "-W", "2", address);
  }

  /**
   * Starts a long-lived process inside the namespace; its stdout and stderr go to {@code
   * <dir>/<name>.log}, after a line that marks the start (a process started again under the same
   * name appends to the same file; {@link HostProcess#log()} reads only its own run). It is stopped
   * when the lab closes, or earlier by {@link HostProcess#stop()}. The command must stay in the
   * foreground (no daemonising), or the lab cannot stop it.
   */
  public HostProcess start(String name, String... command) {
    return start(name, List.of(command));
  }

  /** As {@link #start(String, String...)}. */
  public HostProcess start(String name, List<String> command) {
    Path logFile = dir.resolve(name + ".log");
    List<String> full = inNamespace(command);
    long runStart;
    Process process;
    try {
      Files.writeString(
          logFile,
          "==== " + Instant.now() + " starting " + name + ": " + String.join(" ", command) + "\n",
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
      runStart = Files.size(logFile);
      process =
          new ProcessBuilder(full)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
              .redirectInput(ProcessBuilder.Redirect.PIPE)
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot start " + name + " on " + this.name + ": `" + String.join(" ", command) + "`", e);
    }
    HostProcess started = new HostProcess(this, name, command, process, logFile, runStart);
    processes.add(started);
    log.info("started {}", started.describe());
    return started;
  }

  /** Writes a file into this host's directory and returns its path. */
  public Path writeFile(String fileName, String content) {
    Path file = dir.resolve(fileName);
    try {
      Files.writeString(file, content);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
    return file;
  }

  /** Stops every process this host started. */
  void stopProcesses() {
    for (HostProcess process : processes) {
      process.stop();
    }
  }

  @Override
  public String toString() {
    return name + " (netns " + namespace + ")";
  }

  private List<String> inNamespace(List<String> command) {
    List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
    full.addAll(command);
    return full;
  }

  private static String family(String address) {
    return address.contains(":") ? "-6" : "-4";
  }
}
