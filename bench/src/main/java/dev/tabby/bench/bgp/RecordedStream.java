package dev.tabby.bench.bgp;

import dev.tabby.testbench.Host;
import dev.tabby.testbench.HostProcess;
import dev.tabby.testbench.Lab;
import dev.tabby.testbench.Wait;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * BIRD's sender's UPDATE stream, recorded once per run and replayed to each receiver by {@link
 * StreamReplayer}: the same bytes in the same order as the BIRD-fed tables, without BIRD's sending
 * cost or its pause before the last batch, so the receiver's own speed sets the time.
 */
final class RecordedStream {

  private static final String SESSION_FILE = "replay-session";

  private static final Pattern WRITING =
      Pattern.compile("^" + Pattern.quote(StreamReplayer.WRITING) + "(\\d+)$", Pattern.MULTILINE);

  /** The recorder and replayer hold one table's bytes at most. */
  private static final String JAVA_OPTIONS = "-Xmx512m";

  private RecordedStream() {}

  /** Records what a BIRD sender sends of {@code prefixes} routes, in a lab of its own. */
  static Path record(int prefixes, Duration timeout) {
    Path file;
    try {
      file = Files.createTempFile("tabby-bgp-bench-bird-stream", ".bin");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    file.toFile().deleteOnExit();
    try (Lab lab = Lab.create()) {
      Topology topology = Topology.create(lab);
      HostProcess recorder =
          BenchJvm.start(
              topology.receiver(),
              "stream-recorder",
              JAVA_OPTIONS,
              StreamRecorder.class,
              file.toString());
      awaitLog(recorder, "listening", Duration.ofSeconds(60), HostProcess::isAlive);
      BirdRouter.sender(topology.sender(), prefixes);
      awaitLog(recorder, "recorded", timeout, process -> true);
    }
    return file;
  }

  /** A copy of the recorded stream with its prefixes shuffled ({@link ShuffledStream}). */
  static Path shuffled(Path stream, long seed) {
    try {
      Path file = Files.createTempFile("tabby-bgp-bench-bird-stream-shuffled", ".bin");
      file.toFile().deleteOnExit();
      return Files.write(file, ShuffledStream.shuffle(Files.readAllBytes(stream), seed));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Starts the replayer of {@code stream} on {@code host} and lets it connect, which it does within
   * 100 ms: the caller is watching the receiver by then.
   */
  static Sender replayer(Host host, Path stream) {
    // Down until the benchmark watches: a replayer that connected as soon as it had loaded the
    // stream could send it all, and a receiver apply it all, before the first poll, which would
    // then start the clock with the work done (a first load of 0.02 s, its first count the table).
    host.writeFile(SESSION_FILE, "down");
    HostProcess process =
        BenchJvm.start(
            host,
            "stream-replayer",
            JAVA_OPTIONS,
            StreamReplayer.class,
            stream.toString(),
            host.dir().resolve(SESSION_FILE).toString());
    awaitLog(process, "loaded", Duration.ofSeconds(60), HostProcess::isAlive);
    SessionSwitch session = up -> host.writeFile(SESSION_FILE, up ? "up" : "down");
    Sender sender = Sender.startingNow(process, session, () -> lastWriteStart(process));
    session.set(true);
    return sender;
  }

  /** When the replayer last began writing the stream, from its log; empty before it has. */
  private static Optional<Instant> lastWriteStart(HostProcess process) {
    Matcher writing = WRITING.matcher(process.log());
    Instant last = null;
    while (writing.find()) {
      last = Instant.EPOCH.plus(Long.parseLong(writing.group(1)), ChronoUnit.MICROS);
    }
    return Optional.ofNullable(last);
  }

  private static void awaitLog(
      HostProcess process, String line, Duration timeout, Predicate<HostProcess> stillFine) {
    Wait.until(
        process.name() + " to log \"" + line + "\"",
        timeout,
        () -> {
          if (!stillFine.test(process)) {
            process.assertAlive();
          }
          return process.log();
        },
        log -> log.contains(line));
  }
}
