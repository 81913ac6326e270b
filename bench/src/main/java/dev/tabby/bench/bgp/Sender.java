package dev.tabby.bench.bgp;

import dev.tabby.testbench.HostProcess;
import java.time.Duration;

/**
 * A sender under way: its process, and the CPU time it had used before it started sending (loading
 * its table), which the transfer's share is measured from.
 */
record Sender(HostProcess process, Duration cpuBeforeSending) {

  /**
   * A sender that has its table and is about to connect: everything it uses from now is sending.
   */
  static Sender startingNow(HostProcess process) {
    return new Sender(process, ProcessCpu.used(process.pid()));
  }
}
