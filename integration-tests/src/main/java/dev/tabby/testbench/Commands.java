package dev.tabby.testbench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** Runs short commands to completion, capturing their output, with a deadline. */
final class Commands {

  /** Long enough for any bench command (an `ip` call, `birdc`, `vtysh`) on a busy machine. */
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  /**
   * Readers block until the command closes its pipes, so they get their own threads: the common
   * fork-join pool has a single thread on a 2-core machine and would deadlock stdout against
   * stderr.
   */
  private static final ExecutorService READERS =
      Executors.newCachedThreadPool(
          task -> {
            Thread thread = new Thread(task, "testbench-output-reader");
            thread.setDaemon(true);
            return thread;
          });

  private Commands() {}

  static ExecResult run(List<String> command) {
    return run(command, DEFAULT_TIMEOUT);
  }

  static ExecResult run(List<String> command, Duration timeout) {
    Process process;
    try {
      process = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.PIPE).start();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot start `" + String.join(" ", command) + "` (is it installed?)", e);
    }
    try {
      process.getOutputStream().close();
      CompletableFuture<String> stdout = readAsync(process.getInputStream());
      CompletableFuture<String> stderr = readAsync(process.getErrorStream());
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(
            "`"
                + String.join(" ", command)
                + "` did not finish within "
                + timeout.toSeconds()
                + "s");
      }
      return new ExecResult(command, process.exitValue(), stdout.get(), stderr.get());
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + command, e);
    } catch (IOException | ExecutionException e) {
      throw new IllegalStateException("cannot read the output of " + command, e);
    }
  }

  private static CompletableFuture<String> readAsync(InputStream stream) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (stream) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        },
        READERS);
  }
}
