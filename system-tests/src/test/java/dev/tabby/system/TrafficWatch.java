package dev.tabby.system;

import dev.tabby.testbench.Host;
import dev.tabby.testbench.HostProcess;
import dev.tabby.testbench.Wait;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a disruption did to the traffic: a ping every 10 ms from one namespace to an address, and
 * every kernel route change ({@code ip monitor route}) in the watched namespaces, from {@link
 * #start} until {@link #stop}.
 */
final class TrafficWatch {

  /** Numbers the watches: a process's log file is named after it in its namespace's directory. */
  private static final AtomicInteger WATCHES = new AtomicInteger();

  private final Host from;
  private final String to;
  private final HostProcess ping;
  private final Map<Host, HostProcess> monitors = new LinkedHashMap<>();

  private TrafficWatch(Host from, String to, List<Host> watched) {
    this.from = from;
    this.to = to;
    int number = WATCHES.incrementAndGet();
    for (Host host : watched) {
      monitors.put(host, host.start("ip-monitor-" + number, "ip", "monitor", "route"));
    }
    this.ping = from.start("ping-" + number, "ping", "-q", "-i", "0.01", "-W", "1", to);
  }

  /** Starts watching; returns once the first ping has been answered. */
  static TrafficWatch start(Host from, String to, List<Host> watched) {
    TrafficWatch watch = new TrafficWatch(from, to, watched);
    Wait.until(
        "the first ping from " + from.name() + " answered by " + to,
        Duration.ofSeconds(10),
        () -> from.exec("ping", "-c", "1", "-W", "1", to).ok());
    return watch;
  }

  /**
   * Stops the ping and the monitors; returns ping's statistics and prints them with {@code what}.
   */
  String stop(String what) {
    from.execOk("kill", "-INT", Long.toString(ping.pid()));
    Wait.until("ping to print its statistics", Duration.ofSeconds(10), () -> !ping.isAlive());
    monitors.values().forEach(HostProcess::stop);
    String statistics = ping.log().strip();
    System.out.println(
        what + ", ping every 10 ms " + from.name() + " -> " + to + ": " + statistics);
    return statistics;
  }

  /** The routes {@code host}'s kernel deleted while watched, as {@code ip monitor} printed them. */
  List<String> deletedRoutes(Host host) {
    return routeChanges(host).stream().filter(l -> l.startsWith("Deleted")).toList();
  }

  /** Every line {@code ip monitor route} printed in {@code host} while watched. */
  List<String> routeChanges(Host host) {
    return monitors.get(host).log().lines().toList();
  }
}
