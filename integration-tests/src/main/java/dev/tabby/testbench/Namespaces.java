package dev.tabby.testbench;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The machine's named network namespaces, and the naming scheme that ties a lab's namespaces to the
 * JVM that made them: {@code tby<pid>-<lab>-<host>}. The pid lets a new run delete what a crashed
 * run left behind without touching namespaces of test JVMs that are still running.
 */
final class Namespaces {

  private static final Logger log = LoggerFactory.getLogger(Namespaces.class);
  private static final Pattern OURS = Pattern.compile("^tby(\\d+)-\\d+-");

  private Namespaces() {}

  static String prefix(long pid, int labNumber) {
    return "tby" + pid + "-" + labNumber + "-";
  }

  /** All named namespaces on the machine. */
  static List<String> list() {
    String out = Commands.run(List.of("ip", "netns", "list")).orThrow().stdout();
    // Lines look like "name (id: 3)" or just "name".
    return out.lines().map(line -> line.split(" ", 2)[0]).filter(s -> !s.isBlank()).toList();
  }

  static void add(String namespace) {
    Commands.run(List.of("ip", "netns", "add", namespace)).orThrow();
  }

  /** Kills whatever still runs inside the namespace, then deletes it. */
  static void delete(String namespace) {
    ExecResult pids = Commands.run(List.of("ip", "netns", "pids", namespace));
    if (pids.ok()) {
      for (String pid : pids.stdout().split("\\s+")) {
        if (!pid.isBlank()) {
          Commands.run(List.of("kill", "-KILL", pid));
        }
      }
    }
    ExecResult deleted = Commands.run(List.of("ip", "netns", "delete", namespace));
    if (!deleted.ok()) {
      log.warn("could not delete namespace {}: {}", namespace, deleted.describe());
    }
  }

  /** The pid of the JVM that created a namespace of ours, or empty for anyone else's. */
  static Optional<Long> ownerPid(String namespace) {
    Matcher m = OURS.matcher(namespace);
    return m.find() ? Optional.of(Long.parseLong(m.group(1))) : Optional.empty();
  }

  /** Whether a JVM with this pid still runs (a recycled pid running something else does not). */
  static boolean isLiveJvm(long pid) {
    return ProcessHandle.of(pid)
        .filter(ProcessHandle::isAlive)
        .map(p -> p.info().command().map(c -> c.contains("java")).orElse(true))
        .orElse(false);
  }

  /** Deletes the namespaces of bench runs whose JVM is gone; returns how many. */
  static int deleteLeftoversOfDeadRuns() {
    List<String> dead =
        list().stream()
            .filter(ns -> ownerPid(ns).map(pid -> !isLiveJvm(pid)).orElse(false))
            .toList();
    for (String namespace : dead) {
      delete(namespace);
    }
    if (!dead.isEmpty()) {
      log.info("deleted {} namespaces left by dead test runs: {}", dead.size(), dead);
    }
    return dead.size();
  }
}
