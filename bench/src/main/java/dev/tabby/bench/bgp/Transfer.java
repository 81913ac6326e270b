package dev.tabby.bench.bgp;

import dev.tabby.testbench.HostProcess;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

/**
 * How one table transfer went, seen from the receiver: the count it reached, the time from the
 * first poll that saw a prefix to the first that saw them all, and why it stopped short if it did.
 *
 * @param target the prefixes sent
 * @param reached the highest count the receiver reported
 * @param firstToLast null unless every prefix arrived
 * @param slowestPoll the longest a count query took from the first that saw a prefix on: with the
 *     poll interval, the measurement's resolution
 * @param failure null, or what ended the watch early (timeout, a process exiting)
 */
record Transfer(
    long target, long reached, Duration firstToLast, Duration slowestPoll, String failure) {

  boolean complete() {
    return firstToLast != null;
  }

  /** False when every prefix arrived within one poll: too fast for this run's resolution. */
  boolean measurable() {
    return complete() && !firstToLast.isZero();
  }

  double prefixesPerSecond() {
    return target / (firstToLast.toNanos() / 1e9);
  }

  /**
   * Polls {@code receiver}'s count every {@code interval} until it reaches {@code target}, the
   * timeout passes, or one of {@code mustRun} exits. A count query that fails (a daemon too busy to
   * answer in time) is retried at the next poll.
   */
  static Transfer watch(
      BenchDaemon receiver,
      List<HostProcess> mustRun,
      long target,
      Duration timeout,
      Duration interval) {
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    long firstSeen = 0;
    long reached = 0;
    long slowest = 0;
    String lastError = null;
    while (true) {
      for (HostProcess process : mustRun) {
        if (!process.isAlive()) {
          return new Transfer(
              target,
              reached,
              null,
              Duration.ofNanos(slowest),
              process.name() + " exited; see " + process.logFile());
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
      }
      if (firstSeen != 0) {
        slowest = Math.max(slowest, after - before);
      }
      if (reached >= target) {
        return new Transfer(
            target, reached, Duration.ofNanos(after - firstSeen), Duration.ofNanos(slowest), null);
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
        return new Transfer(
            target,
            reached,
            null,
            Duration.ofNanos(slowest),
            "timed out after "
                + timeout.toSeconds()
                + " s: "
                + soFar
                + (lastError == null ? "" : "; last count query error: " + lastError));
      }
      LockSupport.parkNanos(Math.max(0, before + interval.toNanos() - System.nanoTime()));
    }
  }
}
