package dev.tabby.bench.bgp;

import dev.tabby.testbench.HostProcess;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

/**
 * How one table transfer went, seen from the receiver: the count it reached, the time from the
 * first poll that saw a prefix to the first that saw them all, and why it stopped short if it did.
 *
 * @param target the prefixes sent
 * @param reached the highest count the receiver reported
 * @param firstCount the count at the first poll that saw a prefix: a receiver that counts in steps
 *     (Tabby publishes its counts per batch of UPDATEs) may show many at once
 * @param firstToLast null unless every prefix arrived
 * @param startToLast from when the sender started sending (it connects, BIRD after its connect
 *     delay) to the first poll that saw every prefix: no receiver gets a head start from counting
 *     in steps; null unless every prefix arrived
 * @param slowestPoll the longest a count query took from the first that saw a prefix on: with the
 *     poll interval, the measurement's resolution
 * @param failure null, or what ended the watch early (timeout, a process exiting)
 * @param receiverCpu the CPU time the receiver used from when the sender started sending to the
 *     last poll: all its work on the table, whatever its count showed when; null unless every
 *     prefix arrived
 * @param senderCpu the same for the sender, which may encode the table before the receiver shows a
 *     prefix
 */
record Transfer(
    long target,
    long reached,
    long firstCount,
    Duration firstToLast,
    Duration startToLast,
    Duration slowestPoll,
    String failure,
    Duration receiverCpu,
    Duration senderCpu) {

  /**
   * The poll interval grows to this fraction of the time since the first prefix, so a slow transfer
   * (tens of seconds) is not polled, at the cost of a CLI fork each time, hundreds of times more
   * often than its resolution needs.
   */
  private static final int POLLS_PER_ELAPSED = 200;

  boolean complete() {
    return firstToLast != null;
  }

  /** False when every prefix arrived within one poll: too fast for this run's resolution. */
  boolean measurable() {
    return complete() && !firstToLast.isZero() && firstCount < target;
  }

  /**
   * The prefixes that arrived between the first poll that saw one and the last, over that time:
   * those the first poll saw arrived before the clock started.
   */
  double prefixesPerSecond() {
    return (target - firstCount) / (firstToLast.toNanos() / 1e9);
  }

  /**
   * Polls {@code receiver}'s count every {@code interval} (or every 1/{@value #POLLS_PER_ELAPSED}
   * of the time since the first prefix, if longer) until it reaches {@code target}, the timeout
   * passes, or the receiver or the sender exits. A count query that fails (a daemon too busy to
   * answer in time) is retried at the next poll.
   */
  static Transfer watch(
      BenchDaemon receiver, Sender sender, long target, Duration timeout, Duration interval) {
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    long firstSeen = 0;
    long firstCount = 0;
    long reached = 0;
    long slowest = 0;
    Duration receiverCpuBefore = ProcessCpu.used(receiver.process().pid());
    String lastError = null;
    while (true) {
      for (HostProcess process : new HostProcess[] {receiver.process(), sender.process()}) {
        if (!process.isAlive()) {
          return stopped(
              target, reached, slowest, process.name() + " exited; see " + process.logFile());
        }
      }
      long before = System.nanoTime();
      try {
        reached = Math.max(reached, receiver.acceptedPrefixes());
      } catch (RuntimeException e) {
        lastError = e.getMessage();
      }
      long after = System.nanoTime();
      if (reached > 0 && firstSeen == 0) {
        firstSeen = after;
        firstCount = reached;
      }
      if (firstSeen != 0) {
        slowest = Math.max(slowest, after - before);
      }
      if (reached >= target) {
        return new Transfer(
            target,
            reached,
            firstCount,
            Duration.ofNanos(after - firstSeen),
            Duration.ofNanos(after - start),
            Duration.ofNanos(slowest),
            null,
            usedSince(receiver.process(), receiverCpuBefore),
            usedSince(sender.process(), sender.cpuBeforeSending()));
      }
      if (after > deadline) {
        String soFar =
            firstSeen == 0
                ? "no prefix arrived"
                : String.format(
                    Locale.ROOT,
                    "%,d prefixes in the %.1f s since the first, %,.0f/s",
                    reached,
                    (after - firstSeen) / 1e9,
                    reached / ((after - firstSeen) / 1e9));
        return stopped(
            target,
            reached,
            slowest,
            "timed out after "
                + timeout.toSeconds()
                + " s: "
                + soFar
                + (lastError == null ? "" : "; last count query error: " + lastError));
      }
      long wait =
          firstSeen == 0
              ? interval.toNanos()
              : Math.max(interval.toNanos(), (after - firstSeen) / POLLS_PER_ELAPSED);
      LockSupport.parkNanos(Math.max(0, before + wait - System.nanoTime()));
    }
  }

  private static Transfer stopped(long target, long reached, long slowest, String failure) {
    return new Transfer(
        target, reached, 0, null, null, Duration.ofNanos(slowest), failure, null, null);
  }

  private static Duration usedSince(HostProcess process, Duration atFirst) {
    Duration now = ProcessCpu.used(process.pid());
    return now == null || atFirst == null ? null : now.minus(atFirst);
  }
}
