package dev.tabby.bench.bgp;

import dev.tabby.testbench.HostProcess;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;

/**
 * How one table transfer went. Its clock starts at the first poll at which the receiver's BGP
 * socket has received UPDATE bytes ({@link SessionBytes}), read the same way for every receiver,
 * and stops at the first poll at which the receiver's own count shows every prefix: a count is
 * exact at the end, but receivers publish it at different moments (Tabby per batch of UPDATEs,
 * others per message), so the count would start each receiver's clock differently.
 *
 * @param target the prefixes sent
 * @param reached the highest count the receiver reported
 * @param startToFirstBytes from when the sender started sending (it connects, BIRD after its
 *     connect delay) to the first poll that saw UPDATE bytes: the sender's own start-up, which the
 *     clock leaves out; null if no UPDATE bytes arrived
 * @param firstToLast from the first poll that saw UPDATE bytes to the first whose count showed
 *     every prefix; null unless every prefix arrived
 * @param clockFromSender the clock started when the sender began writing its UPDATEs, as it
 *     reported (the replayer), rather than at the first poll that saw them: a receiver that drains
 *     its socket at once would otherwise have had up to a poll's head start
 * @param shareBeforeClock the share of the session's bytes that had already arrived at the first
 *     poll that saw UPDATE bytes, within one poll before the clock started: near 1, the table
 *     crossed the wire within one poll and the time is the receiver's work on bytes it holds
 * @param firstCount the receiver's own count at the first poll that showed a prefix: a receiver
 *     that counts in steps may show many at once
 * @param firstCountToLast from the first poll whose count showed a prefix to the last: the time by
 *     the receiver's own count, printed beside the clock; null unless every prefix arrived
 * @param slowestPoll the longest a poll's queries took once UPDATE bytes flowed: with the poll
 *     interval, the measurement's resolution
 * @param failure null, or what ended the watch early (timeout, a process exiting)
 * @param receiverCpu the CPU time the receiver used from when the sender started sending to the
 *     last poll: all its work on the table, whatever its count showed when; null unless every
 *     prefix arrived
 * @param senderCpu the same for the sender, which may encode the table before any UPDATE leaves
 */
record Transfer(
    long target,
    long reached,
    Duration startToFirstBytes,
    Duration firstToLast,
    boolean clockFromSender,
    double shareBeforeClock,
    long firstCount,
    Duration firstCountToLast,
    Duration slowestPoll,
    String failure,
    Duration receiverCpu,
    Duration senderCpu) {

  /**
   * The poll interval grows to this fraction of the time since the clock started, so a slow
   * transfer (tens of seconds) is not polled, at the cost of a CLI fork each time, hundreds of
   * times more often than its resolution needs.
   */
  private static final int POLLS_PER_ELAPSED = 200;

  boolean complete() {
    return firstToLast != null;
  }

  /**
   * The whole table over the clock's time. None of it is left out: the bytes already in when the
   * clock started arrived within one poll before it, and a receiver that reads greedily and applies
   * later had received them without having counted one (its first count can still be the whole
   * table).
   */
  double prefixesPerSecond() {
    return target / (firstToLast.toNanos() / 1e9);
  }

  /**
   * Polls {@code receiver}'s socket until it holds UPDATE bytes, then its count, every {@code
   * interval} (or every 1/{@value #POLLS_PER_ELAPSED} of the time since the clock started, if
   * longer) until the count reaches {@code target}, the timeout passes, or the receiver or the
   * sender exits. A count query that fails (a daemon too busy to answer in time) is retried at the
   * next poll. The table's UPDATEs must outgrow {@link SessionBytes#HANDSHAKE_MAX}.
   */
  static Transfer watch(
      BenchDaemon receiver, Sender sender, long target, Duration timeout, Duration interval) {
    Instant watchedFrom = Instant.now();
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    long clockStart = 0;
    long bytesAtClockStart = 0;
    long firstCounted = 0;
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
      long after;
      if (clockStart == 0) {
        // Until UPDATE bytes arrive the socket is the only query, so the clock starts as soon
        // after them as the poll interval allows, however slowly a busy daemon answers a count.
        long bytes = SessionBytes.received(receiver.process().host());
        after = System.nanoTime();
        if (bytes > SessionBytes.HANDSHAKE_MAX) {
          clockStart = after;
          bytesAtClockStart = bytes;
          slowest = after - before;
        }
      } else {
        try {
          reached = Math.max(reached, receiver.acceptedPrefixes());
        } catch (RuntimeException e) {
          lastError = e.getMessage();
        }
        after = System.nanoTime();
        slowest = Math.max(slowest, after - before);
        if (reached > 0 && firstCounted == 0) {
          firstCounted = after;
          firstCount = reached;
        }
        if (reached >= target) {
          long bytesAtLast = SessionBytes.received(receiver.process().host());
          long firstBytesPoll = clockStart;
          clockStart = senderClockStart(sender, watchedFrom, start, firstBytesPoll);
          return new Transfer(
              target,
              reached,
              Duration.ofNanos(clockStart - start),
              Duration.ofNanos(after - clockStart),
              clockStart < firstBytesPoll,
              Math.min(1, bytesAtClockStart / (double) bytesAtLast),
              firstCount,
              Duration.ofNanos(after - firstCounted),
              Duration.ofNanos(slowest),
              null,
              usedSince(receiver.process(), receiverCpuBefore),
              usedSince(sender.process(), sender.cpuBeforeSending()));
        }
      }
      if (after > deadline) {
        return stopped(
            target,
            reached,
            slowest,
            "timed out after "
                + timeout.toSeconds()
                + " s: "
                + progress(clockStart, reached, after)
                + (lastError == null ? "" : "; last count query error: " + lastError));
      }
      long wait =
          clockStart == 0
              ? interval.toNanos()
              : Math.max(interval.toNanos(), (after - clockStart) / POLLS_PER_ELAPSED);
      LockSupport.parkNanos(Math.max(0, before + wait - System.nanoTime()));
    }
  }

  /**
   * When the sender began writing this load's UPDATEs, on the watch's clock, if it reports that
   * (the replayer does) and the report falls between the watch's start and the first poll that saw
   * UPDATE bytes; otherwise that poll.
   */
  private static long senderClockStart(
      Sender sender, Instant watchedFrom, long start, long firstBytesPoll) {
    Optional<Instant> written = sender.writeStart().get();
    if (written.isEmpty() || written.get().isBefore(watchedFrom)) {
      return firstBytesPoll;
    }
    return Math.min(firstBytesPoll, start + Duration.between(watchedFrom, written.get()).toNanos());
  }

  private static String progress(long clockStart, long reached, long now) {
    if (clockStart == 0) {
      return "no UPDATE bytes arrived";
    }
    double seconds = (now - clockStart) / 1e9;
    return String.format(
        Locale.ROOT,
        "%,d prefixes counted in the %.1f s since UPDATE bytes arrived, %,.0f/s",
        reached,
        seconds,
        reached / seconds);
  }

  private static Transfer stopped(long target, long reached, long slowest, String failure) {
    return new Transfer(
        target,
        reached,
        null,
        null,
        false,
        0,
        0,
        null,
        Duration.ofNanos(slowest),
        failure,
        null,
        null);
  }

  private static Duration usedSince(HostProcess process, Duration atFirst) {
    Duration now = ProcessCpu.used(process.pid());
    return now == null || atFirst == null ? null : now.minus(atFirst);
  }
}
