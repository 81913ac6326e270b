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
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * BIRD's sender's UPDATE stream, recorded once per run and replayed to each receiver by {@link
 * StreamReplayer}: the same bytes in the same order as the BIRD-fed tables, without BIRD's sending
 * cost or its pause before the last batch, so the receiver's own speed sets the time.
 */
final class RecordedStream {

  private static final String SESSION_FILE = "replay-session";

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
          startJava(topology.receiver(), "stream-recorder", StreamRecorder.class, file.toString());
      awaitLog(recorder, "listening", Duration.ofSeconds(60), HostProcess::isAlive);
      BirdRouter.sender(topology.sender(), prefixes);
      awaitLog(recorder, "recorded", timeout, process -> true);
    }
    return file;
  }

  /** Starts the replayer of {@code stream} on {@code host}; it connects once told to. */
  static Sender replayer(Host host, Path stream) {
    host.writeFile(SESSION_FILE, "up");
    HostProcess process =
        startJava(
            host,
            "stream-replayer",
            StreamReplayer.class,
            stream.toString(),
            host.dir().resolve(SESSION_FILE).toString());
    awaitLog(process, "loaded", Duration.ofSeconds(60), HostProcess::isAlive);
    return Sender.startingNow(process, up -> host.writeFile(SESSION_FILE, up ? "up" : "down"));
  }

  private static HostProcess startJava(Host host, String name, Class<?> main, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of("-Xmx512m", "-cp", System.getProperty("java.class.path")));
    command.add(main.getName());
    command.addAll(List.of(args));
    return host.start(name, command);
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
