package dev.tabby.bgp.daemon;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends the daemon when it cannot go on, so that its supervisor (systemd, the kubelet) restarts it:
 * a process whose RIB thread has died keeps its sessions Established while nothing moves, and looks
 * healthy to everyone.
 */
final class FatalExit {

  private static final Logger log = LoggerFactory.getLogger(FatalExit.class);

  /** The exit code after a fatal failure (sysexits.h EX_SOFTWARE). */
  static final int EXIT_FATAL = 70;

  /** How long the shutdown hooks (Cease to every peer) may take before the process is halted. */
  private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(10);

  private FatalExit() {}

  /**
   * Logs one ERROR line and exits with {@link #EXIT_FATAL}. The exit runs on a thread of its own,
   * since the caller may be the dying thread the shutdown hooks wait for; the process is halted if
   * they take longer than {@link #SHUTDOWN_GRACE}.
   */
  static void exit(String reason) {
    log.error("event=fatal reason=\"{}\" action=exit code={}", reason, EXIT_FATAL);
    Thread watchdog =
        new Thread(
            () -> {
              try {
                Thread.sleep(SHUTDOWN_GRACE.toMillis());
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              Runtime.getRuntime().halt(EXIT_FATAL);
            },
            "tabby-bgp-exit-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
    new Thread(() -> System.exit(EXIT_FATAL), "tabby-bgp-fatal-exit").start();
  }

  /**
   * Any thread that dies of a {@link VirtualMachineError} (out of memory, stack overflow) halts the
   * process at once: after one, no state can be trusted, and the shutdown hooks would need memory
   * too. The launchers also pass {@code -XX:+ExitOnOutOfMemoryError}, which ends the process where
   * the error is thrown, even when code catches it; this covers a JVM started without it.
   */
  static void onVirtualMachineError() {
    Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
    Thread.setDefaultUncaughtExceptionHandler(
        (thread, error) -> {
          if (error instanceof VirtualMachineError) {
            log.error(
                "event=fatal thread={} reason=\"{}\" action=exit code={}",
                thread.getName(),
                error,
                EXIT_FATAL);
            Runtime.getRuntime().halt(EXIT_FATAL);
          } else if (previous != null) {
            previous.uncaughtException(thread, error);
          } else {
            thread.getThreadGroup().uncaughtException(thread, error);
          }
        });
  }
}
