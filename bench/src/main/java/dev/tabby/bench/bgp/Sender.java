package dev.tabby.bench.bgp;

import dev.tabby.testbench.HostProcess;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A sender under way: its process, the CPU time it had used before it started sending (loading its
 * table), which the transfer's share is measured from, and the switch of its session.
 *
 * @param writeStart when the sender last began writing UPDATEs, for a sender that reports it (the
 *     benchmark's own replayer); empty for the others
 */
record Sender(
    HostProcess process,
    Duration cpuBeforeSending,
    SessionSwitch session,
    Supplier<Optional<Instant>> writeStart) {

  /** A sender that does not report when it writes. */
  Sender(HostProcess process, Duration cpuBeforeSending, SessionSwitch session) {
    this(process, cpuBeforeSending, session, Optional::empty);
  }

  /**
   * A sender that has its table and is about to connect: everything it uses from now is sending.
   */
  static Sender startingNow(HostProcess process, SessionSwitch session) {
    return startingNow(process, session, Optional::empty);
  }

  /** The same, for a sender that reports when it begins writing its UPDATEs. */
  static Sender startingNow(
      HostProcess process, SessionSwitch session, Supplier<Optional<Instant>> writeStart) {
    return new Sender(process, ProcessCpu.used(process.pid()), session, writeStart);
  }

  /**
   * Lets the sender connect again after {@code session().set(false)}: it resends its whole table,
   * and everything it uses from now is that second sending.
   */
  Sender reconnect() {
    Sender again = startingNow(process, session, writeStart);
    session.set(true);
    return again;
  }
}
