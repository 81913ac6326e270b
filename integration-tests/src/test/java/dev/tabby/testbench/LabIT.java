package dev.tabby.testbench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Proves the bench's plumbing: hosts, cables, bridges, addresses, routes, processes, cleanup. */
class LabIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  @Test
  void twoCabledHostsPingEachOtherOverIpv4AndIpv6() {
    try (Lab lab = Lab.create()) {
      Host a = lab.host("a");
      Host b = lab.host("b");
      lab.link(a, "eth0", b, "eth0").setMtu(1400);
      a.addAddress("eth0", "10.0.0.1/24").addAddress("eth0", "fd00::1/64");
      b.addAddress("eth0", "10.0.0.2/24").addAddress("eth0", "fd00::2/64");

      Wait.until("a ping from a to b over IPv4", TIMEOUT, () -> a.ping("10.0.0.2"), ExecResult::ok);
      Wait.until("a ping from a to b over IPv6", TIMEOUT, () -> a.ping("fd00::2"), ExecResult::ok);
      assertThat(b.ip("link", "show", "eth0").stdout()).contains("mtu 1400");
    }
  }

  @Test
  void aStaticallyRoutedPathForwardsPackets() {
    try (Lab lab = Lab.create()) {
      Host left = lab.host("left");
      Host router = lab.host("router");
      Host right = lab.host("right");
      lab.link(left, "eth0", router, "left");
      lab.link(router, "right", right, "eth0");
      left.addAddress("eth0", "10.1.0.2/24").addRoute("default", "10.1.0.1");
      router.addAddress("left", "10.1.0.1/24").addAddress("right", "10.2.0.1/24");
      right.addAddress("eth0", "10.2.0.2/24").addRoute("default", "10.2.0.1");
      router.enableForwarding();

      Wait.until(
          "left to reach right through router",
          TIMEOUT,
          () -> left.ping("10.2.0.2"),
          ExecResult::ok);
    }
  }

  @Test
  void hostsOnABridgeReachEachOther() {
    try (Lab lab = Lab.create()) {
      Host sw = lab.host("switch");
      Bridge bridge = lab.bridge(sw, "br0");
      Host a = lab.host("a");
      Host b = lab.host("b");
      bridge.attach(a, "eth0");
      bridge.attach(b, "eth0");
      a.addAddress("eth0", "192.168.5.1/24");
      b.addAddress("eth0", "192.168.5.2/24");

      Wait.until(
          "a to reach b across the bridge", TIMEOUT, () -> a.ping("192.168.5.2"), ExecResult::ok);
    }
  }

  @Test
  void processesRunInsideTheNamespaceAndCanBePaused() {
    try (Lab lab = Lab.create()) {
      Host a = lab.host("a");
      a.addAddress("lo", "10.9.9.9/32");

      assertThat(a.execOk("ip", "-4", "address", "show", "dev", "lo").stdout())
          .contains("10.9.9.9");
      HostProcess sleeper = a.start("sleeper", "sh", "-c", "echo started; exec sleep 600");
      Wait.until("the sleeper to log", TIMEOUT, sleeper::log, log -> log.contains("started"));
      assertThat(a.execOk("ip", "netns", "identify", Long.toString(sleeper.pid())).stdout().strip())
          .isEqualTo(a.namespace());

      sleeper.pause();
      Wait.until("the sleeper to be stopped", TIMEOUT, () -> processState(sleeper), "T"::equals);
      sleeper.resume();
      Wait.until("the sleeper to run again", TIMEOUT, () -> processState(sleeper), "S"::equals);
      sleeper.stop();
      assertThat(sleeper.isAlive()).isFalse();
    }
  }

  @Test
  void aProcessStartedAgainReadsOnlyItsOwnRunOfTheSharedLogFile() {
    try (Lab lab = Lab.create()) {
      Host a = lab.host("a");
      HostProcess first = a.start("daemon", "sh", "-c", "echo event=ready run=1");
      Wait.until("the first run to exit", TIMEOUT, () -> !first.isAlive());
      HostProcess second = a.start("daemon", "sh", "-c", "echo event=ready run=2; exec sleep 600");
      Wait.until("the second run to log", TIMEOUT, second::log, log -> log.contains("run=2"));

      assertThat(second.logFile()).isEqualTo(first.logFile());
      assertThat(second.log()).doesNotContain("run=1");
      assertThat(first.log()).startsWith("event=ready run=1\n");
      assertThat(second.log()).startsWith("event=ready run=2\n");
    }
  }

  @Test
  void closeRemovesEveryNamespaceAndProcessOfTheRun() {
    Lab lab = Lab.create();
    Host a = lab.host("a");
    lab.host("b");
    HostProcess sleeper = a.start("sleeper", "sleep", "600");

    lab.close();

    assertThat(Namespaces.list()).noneMatch(ns -> ns.startsWith(lab.prefix()));
    assertThat(sleeper.isAlive()).isFalse();
  }

  @Test
  void leftoversOfADeadRunAreRemovedAtStart() throws Exception {
    Process finished = new ProcessBuilder("true").start();
    finished.waitFor();
    String leftover = Namespaces.prefix(finished.pid(), 1) + "crashed";
    Namespaces.add(leftover);

    try (Lab lab = Lab.create()) {
      assertThat(Namespaces.list()).doesNotContain(leftover);
    } finally {
      if (Namespaces.list().contains(leftover)) {
        Namespaces.delete(leftover);
      }
    }
  }

  @Test
  void namespacesOfALiveRunAreLeftAlone() {
    try (Lab running = Lab.create()) {
      Host a = running.host("a");
      try (Lab another = Lab.create()) {
        assertThat(Namespaces.list()).contains(a.namespace());
      }
      assertThat(Namespaces.list()).contains(a.namespace());
    }
  }

  /** The process's state letter as {@code ps} prints it: S sleeping, T stopped. */
  private static String processState(HostProcess process) {
    return Commands.run(List.of("ps", "-o", "state=", "-p", Long.toString(process.pid())))
        .stdout()
        .strip();
  }
}
