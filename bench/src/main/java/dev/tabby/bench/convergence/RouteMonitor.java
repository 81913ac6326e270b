package dev.tabby.bench.convergence;

import dev.tabby.system.LabNode;
import dev.tabby.testbench.HostProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One node's kernel routing table as it changes: {@code ip -ts monitor route} in the node's
 * namespace, a netlink listener that prints every route message with the time it received it
 * (microseconds). The clock of a route's arrival or removal is that time, not the moment the
 * benchmark happens to look.
 */
final class RouteMonitor {

  /**
   * {@code [2026-12-03T11:50:01.123456] 10.244.5.0/26 via 10.0.0.15 dev eth0 proto 81}, or with
   * {@code Deleted } before the destination.
   */
  private static final Pattern LINE = Pattern.compile("(?m)^\\[(\\S+)\\] (Deleted )?(\\S+) via ");

  private final LabNode node;
  private final HostProcess monitor;

  private RouteMonitor(LabNode node, HostProcess monitor) {
    this.node = node;
    this.monitor = monitor;
  }

  /** Starts watching the node's routes; only changes from now on are seen. */
  static RouteMonitor start(LabNode node) {
    return new RouteMonitor(
        node, node.host().start("route-monitor", "ip", "-ts", "monitor", "route"));
  }

  LabNode node() {
    return node;
  }

  /** When a route to {@code prefix} through a gateway first appeared at or after {@code since}. */
  Optional<Instant> added(String prefix, Instant since) {
    return first(prefix, since, false);
  }

  /**
   * When a route to {@code prefix} through a gateway was first deleted at or after {@code since}.
   */
  Optional<Instant> deleted(String prefix, Instant since) {
    return first(prefix, since, true);
  }

  private Optional<Instant> first(String prefix, Instant since, boolean deletion) {
    Matcher line = LINE.matcher(printed());
    while (line.find()) {
      if ((line.group(2) != null) == deletion && line.group(3).equals(prefix)) {
        Instant at = LocalDateTime.parse(line.group(1)).atZone(ZoneId.systemDefault()).toInstant();
        if (!at.isBefore(since)) {
          return Optional.of(at);
        }
      }
    }
    return Optional.empty();
  }

  private String printed() {
    monitor.assertAlive();
    try {
      return Files.readString(monitor.logFile(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + monitor.logFile(), e);
    }
  }
}
