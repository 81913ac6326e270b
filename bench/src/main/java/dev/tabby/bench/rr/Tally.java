package dev.tabby.bench.rr;

import java.util.Arrays;
import java.util.Locale;

/**
 * The simulator's count of where every client is: sessions Established, and in each timed phase
 * (every announcement reflected, then every withdrawal) when each client got there, from the moment
 * the phase's first UPDATE was written. It also counts what a correct reflector never sends.
 */
final class Tally {

  enum Phase {
    CONNECT,
    ANNOUNCE,
    WITHDRAW
  }

  private final int clients;
  private final long[] doneAt;
  private int established;
  private Phase phase = Phase.CONNECT;
  private long phaseStart;
  private int done;
  private long updates;
  private long unexpectedPrefixes;
  private long ownPrefixesReflected;
  private long nextHopsChanged;
  private long duplicates;

  Tally(int clients) {
    this.clients = clients;
    this.doneAt = new long[clients];
  }

  int established() {
    return established;
  }

  Phase phase() {
    return phase;
  }

  boolean phaseDone() {
    return done == clients;
  }

  /** Starts the clock of {@code next}: call just before its first UPDATE is written. */
  void start(Phase next) {
    phase = next;
    done = 0;
    updates = 0;
    Arrays.fill(doneAt, -1);
    phaseStart = System.nanoTime();
  }

  void established(ClientSession session) {
    established++;
  }

  /** After each UPDATE a client read: is it where the phase takes it? */
  void updated(ClientSession session) {
    updates++;
    boolean there =
        switch (phase) {
          case CONNECT -> false;
          case ANNOUNCE -> session.heldCount() == clients - 1;
          case WITHDRAW -> session.heldCount() == 0;
        };
    if (there && doneAt[session.client()] < 0) {
      doneAt[session.client()] = System.nanoTime() - phaseStart;
      done++;
    }
  }

  void unexpectedPrefix() {
    unexpectedPrefixes++;
  }

  void ownPrefixReflected() {
    ownPrefixesReflected++;
  }

  void nextHopChanged() {
    nextHopsChanged++;
  }

  void duplicate() {
    duplicates++;
  }

  /**
   * The phase's figures as one key=value line: when the first, the median and the last client got
   * there, the UPDATEs read, and the anomalies so far.
   */
  String summary() {
    long[] sorted = doneAt.clone();
    Arrays.sort(sorted);
    return String.format(
        Locale.ROOT,
        "phase=%s clients=%d first-ms=%.1f median-ms=%.1f last-ms=%.1f updates=%d"
            + " unexpected-prefixes=%d own-prefixes-reflected=%d next-hops-changed=%d"
            + " duplicates=%d",
        phase.name().toLowerCase(Locale.ROOT),
        clients,
        sorted[0] / 1e6,
        sorted[clients / 2] / 1e6,
        sorted[clients - 1] / 1e6,
        updates,
        unexpectedPrefixes,
        ownPrefixesReflected,
        nextHopsChanged,
        duplicates);
  }
}
