package dev.tabby.health;

import java.util.concurrent.CountDownLatch;

/** The life of a daemon's process after it started: it runs until SIGTERM, then closes down. */
public final class DaemonProcess {

  private DaemonProcess() {}

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
