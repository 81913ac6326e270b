package dev.tabby.health;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.slf4j.LoggerFactory;

/**
 * The life of a daemon's process: its configuration is read (a bad one ends it with exit code 2),
 * it starts (a failure ends it with exit code 1), and it runs until SIGTERM, then closes down.
 */
public final class DaemonProcess {

  /** Exit status for configuration that cannot be used. */
  public static final int BAD_CONFIG = 2;

  /** Exit status when the daemon could not start. */
  public static final int START_FAILED = 1;

  private DaemonProcess() {}

  /** Reads a daemon's configuration. */
  @FunctionalInterface
  public interface ConfigReader<C> {
    /**
     * @return the configuration; null when help was asked for and printed
     * @throws RuntimeException when the configuration cannot be used, after saying why on stderr
     */
    C read();
  }

  /** Starts a daemon from its configuration. */
  @FunctionalInterface
  public interface Starter<C> {
    /**
     * @return what to close, in order, when the process is asked to end
     */
    List<AutoCloseable> start(C config) throws Exception;
  }

  /**
   * Runs a daemon's whole life: logging from {@code logConfiguration}, its configuration, its
   * start, then {@link #runUntilTerminated}. Exits the JVM with {@link #BAD_CONFIG} or {@link
   * #START_FAILED} (one {@code event=start-failed} line) when it cannot go on.
   */
  public static <C> void run(
      String name, String logConfiguration, ConfigReader<C> reader, Starter<C> starter)
      throws InterruptedException {
    logConfiguration(logConfiguration);
    C config;
    try {
      config = reader.read();
    } catch (RuntimeException e) {
      System.exit(BAD_CONFIG);
      return;
    }
    if (config == null) {
      return; // help was printed
    }
    List<AutoCloseable> started;
    try {
      started = starter.start(config);
    } catch (Exception e) {
      LoggerFactory.getLogger(DaemonProcess.class)
          .error("daemon={} event=start-failed error=\"{}\"", name, e.getMessage());
      System.exit(START_FAILED);
      return;
    }
    runUntilTerminated(name, started.toArray(AutoCloseable[]::new));
  }

  /**
   * Uses {@code file} (a resource) for logging unless {@code -Dlogback.configurationFile} chose
   * another: call before the first logger is made.
   */
  public static void logConfiguration(String file) {
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", file);
    }
  }

  /**
   * Blocks until the JVM is asked to end (SIGTERM, SIGINT), then closes {@code started} in order on
   * a shutdown thread named {@code name-shutdown}, and returns only if the JVM is not yet ending.
   */
  public static void runUntilTerminated(String name, AutoCloseable... started)
      throws InterruptedException {
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  for (AutoCloseable resource : started) {
                    try {
                      resource.close();
                    } catch (Exception e) {
                      System.err.println(name + ": closing " + resource + " failed: " + e);
                    }
                  }
                  stopped.countDown();
                },
                name + "-shutdown"));
    stopped.await();
  }
}
