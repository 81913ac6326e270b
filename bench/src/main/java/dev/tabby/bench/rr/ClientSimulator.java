package dev.tabby.bench.rr;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;

/**
 * The reflector benchmark's load: N iBGP clients in one JVM on one thread, each a session from its
 * own address ({@link ClientSession}), driven through one NIO selector. It connects them all, then
 * acts on the cues the driver writes to its cue file: {@code announce} (every client sends its one
 * UPDATE) and {@code withdraw} (every client withdraws it). It prints one line per step, with its
 * own CPU time, so the reader can see it was not what the reflector waited for:
 *
 * <pre>
 * event=established clients=N seconds=S
 * event=phase-done phase=announce ... last-ms=T ... cpu-ms=C loop-cpu-ms=L
 * </pre>
 *
 * Usage: {@code ClientSimulator CLIENTS CUE_FILE}; it runs until killed.
 */
public final class ClientSimulator {

  /** Connections being opened at once: a burst of 1,000 SYNs would overflow a listen backlog. */
  private static final int MAX_OPENING = 64;

  private static final long KEEPALIVE_NANOS = ClientSession.HOLD_SECONDS / 3 * 1_000_000_000L;
  private static final long SELECT_MILLIS = 10;

  private final ClientPlan plan;
  private final Path cueFile;
  private final Tally tally;
  private final Selector selector;
  private final ClientSession[] sessions;
  private final OperatingSystemMXBean os =
      (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private int opened;
  private long phaseCpu;
  private long phaseLoopCpu;

  private ClientSimulator(ClientPlan plan, Path cueFile) throws IOException {
    this.plan = plan;
    this.cueFile = cueFile;
    this.tally = new Tally(plan.clients());
    this.selector = Selector.open();
    this.sessions = new ClientSession[plan.clients()];
  }

  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      System.err.println("usage: ClientSimulator CLIENTS CUE_FILE");
      System.exit(2);
    }
    ClientSimulator simulator =
        new ClientSimulator(new ClientPlan(Integer.parseInt(args[0])), Path.of(args[1]));
    try {
      simulator.run();
    } catch (IOException e) {
      System.out.println("event=simulator-failed reason=\"" + e.getMessage() + "\"");
      System.exit(1);
    }
  }

  private void run() throws IOException {
    long started = System.nanoTime();
    long nextKeepalive = started + KEEPALIVE_NANOS;
    boolean reportedEstablished = false;
    while (true) {
      openMore();
      selector.select(SELECT_MILLIS);
      Iterator<SelectionKey> ready = selector.selectedKeys().iterator();
      while (ready.hasNext()) {
        SelectionKey key = ready.next();
        ready.remove();
        ((ClientSession) key.attachment()).ready();
      }
      if (!reportedEstablished && tally.established() == plan.clients()) {
        reportedEstablished = true;
        print(
            String.format(
                Locale.ROOT,
                "event=established clients=%d seconds=%.1f",
                plan.clients(),
                (System.nanoTime() - started) / 1e9));
      }
      if (reportedEstablished) {
        followCue();
      }
      long now = System.nanoTime();
      if (now >= nextKeepalive) {
        nextKeepalive = now + KEEPALIVE_NANOS;
        for (ClientSession session : sessions) {
          if (session != null && session.state() == ClientSession.State.ESTABLISHED) {
            session.keepalive();
          }
        }
      }
    }
  }

  private void openMore() throws IOException {
    while (opened < sessions.length && opened - tally.established() < MAX_OPENING) {
      sessions[opened] = ClientSession.connect(opened, plan, tally, selector);
      opened++;
    }
  }

  /** Reports a finished phase, or starts the next one when the cue file names it. */
  private void followCue() throws IOException {
    Tally.Phase phase = tally.phase();
    if (phase != Tally.Phase.CONNECT && !tally.phaseDone()) {
      return;
    }
    if (phase != Tally.Phase.CONNECT && phaseCpu >= 0) {
      print(
          String.format(
              Locale.ROOT,
              "event=phase-done %s cpu-ms=%.1f loop-cpu-ms=%.1f",
              tally.summary(),
              (os.getProcessCpuTime() - phaseCpu) / 1e6,
              (threads.getCurrentThreadCpuTime() - phaseLoopCpu) / 1e6));
      phaseCpu = -1;
    }
    String cue = cue();
    if (phase == Tally.Phase.CONNECT && cue.equals("announce")) {
      startPhase(Tally.Phase.ANNOUNCE);
      for (ClientSession session : sessions) {
        session.announce();
      }
    } else if (phase == Tally.Phase.ANNOUNCE && cue.equals("withdraw")) {
      startPhase(Tally.Phase.WITHDRAW);
      for (ClientSession session : sessions) {
        session.withdraw();
      }
    }
  }

  private void startPhase(Tally.Phase phase) {
    phaseCpu = os.getProcessCpuTime();
    phaseLoopCpu = threads.getCurrentThreadCpuTime();
    tally.start(phase);
  }

  private String cue() throws IOException {
    try {
      return Files.readString(cueFile).trim();
    } catch (NoSuchFileException e) {
      return "";
    }
  }

  private static void print(String line) {
    System.out.println(line);
    System.out.flush();
  }
}
