package dev.tabby.testbench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A long-lived process running inside a {@link Host}'s namespace (a routing daemon, a listener).
 * Its stdout and stderr go to {@link #logFile()}, appended after what earlier runs under the same
 * name wrote; {@link #log()} reads only this run's. The lab stops it when it closes.
 */
public final class HostProcess {

  private static final Logger log = LoggerFactory.getLogger(HostProcess.class);
  private static final long STOP_GRACE_SECONDS = 5;

  private final Host host;
  private final String name;
  private final List<String> command;
  private final Process process;
  private final Path logFile;
  private final long logStart;

  HostProcess(
      Host host, String name, List<String> command, Process process, Path logFile, long logStart) {
    this.host = host;
    this.name = name;
    this.command = List.copyOf(command);
    this.process = process;
    this.logFile = logFile;
    this.logStart = logStart;
  }

  public String name() {
    return name;
  }

  public Host host() {
    return host;
  }

  public long pid() {
    return process.pid();
  }

  public Path logFile() {
    return logFile;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /**
   * The exit code of a process that has ended: a JVM that ran its shutdown hooks after SIGTERM
   * gives 143, one killed by {@link #stop()}'s SIGKILL 137.
   */
  public int exitCode() {
    return process.exitValue();
  }

  /**
   * Everything this process has written so far: a wait for a line never matches one of an earlier
   * run in the same file.
   */
  public String log() {
    try (SeekableByteChannel channel = Files.newByteChannel(logFile)) {
      channel.position(logStart);
      return new String(Channels.newInputStream(channel).readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + logFile, e);
    }
  }

  /**
   * Freezes the process (SIGSTOP): it keeps its sockets but sends nothing, so a BGP peer's hold
   * timer runs out exactly as if the router had hung.
   */
  public void pause() {
    signal("STOP");
  }

  /** Lets a {@link #pause() paused} process run again (SIGCONT). */
  public void resume() {
    signal("CONT");
  }

  /**
   * Kills the process at once (SIGKILL) and waits for it to be gone: a crash, which closes its
   * sockets without a word, as a router that died would.
   */
  public void kill() {
    resume();
    process.destroyForcibly();
    try {
      if (!process.waitFor(STOP_GRACE_SECONDS, TimeUnit.SECONDS)) {
        throw new IllegalStateException(describe() + " outlived SIGKILL");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    log.debug("killed {}", describe());
  }

  /** Throws unless the process is still running; the message points at its log. */
  public void assertAlive() {
    if (!process.isAlive()) {
      throw new IllegalStateException(
          describe() + " exited with code " + process.exitValue() + "; log: " + tail());
    }
  }

  /** Stops the process: SIGTERM, then SIGKILL if it has not exited after a grace period. */
  public void stop() {
    if (!process.isAlive()) {
      return;
    }
    resume(); // a stopped process cannot act on SIGTERM
    process.destroy();
    try {
      if (!process.waitFor(STOP_GRACE_SECONDS, TimeUnit.SECONDS)) {
        log.warn("{} ignored SIGTERM for {}s, killing it", describe(), STOP_GRACE_SECONDS);
        process.destroyForcibly().waitFor(STOP_GRACE_SECONDS, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    log.debug("stopped {}", describe());
  }

  /** For messages: which process, where, and where its log is. */
  public String describe() {
    return name
        + " on "
        + host.name()
        + " (pid "
        + process.pid()
        + ", `"
        + String.join(" ", command)
        + "`, log "
        + logFile
        + ")";
  }

  @Override
  public String toString() {
    return describe();
  }

  private String tail() {
    String text = Files.exists(logFile) ? log().strip() : "";
    return text.length() <= 2000 ? text : "..." + text.substring(text.length() - 2000);
  }

  private void signal(String signal) {
    if (process.isAlive()) {
      Commands.run(List.of("kill", "-" + signal, Long.toString(process.pid()))).orThrow();
    }
  }
}
