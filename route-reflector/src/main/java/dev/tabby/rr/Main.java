package dev.tabby.rr;

import dev.tabby.health.DaemonProcess;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import org.slf4j.LoggerFactory;

/**
 * {@code tabby-rr}: flags and environment as {@link ReflectorOptions} reads them, the Kubernetes
 * API from {@code KUBECONFIG} or the in-cluster service account. Runs until SIGTERM, which ends
 * every session with a Cease.
 */
public final class Main {
  /** Exit status for configuration that cannot be used. */
  static final int BAD_CONFIG = 2;

  private Main() {}

  public static void main(String[] args) throws InterruptedException {
    DaemonProcess.logConfiguration("tabby-rr-logback.xml");
    ReflectorConfig config;
    try {
      config = parse(args, System.out, System.err);
    } catch (ConfigException e) {
      System.exit(BAD_CONFIG);
      return;
    }
    if (config == null) {
      return; // help was printed
    }
    KubernetesClient client = new KubernetesClientBuilder().build();
    try {
      DaemonProcess.runUntilTerminated("tabby-rr", Reflector.start(config, client), client);
    } catch (IOException | RuntimeException e) {
      LoggerFactory.getLogger(Main.class)
          .error("event=start-failed http={} error=\"{}\"", config.http(), e.getMessage());
      System.exit(1);
    }
  }

  /**
   * Reads the configuration; help goes to {@code out} (and null is returned), a bad setting is one
   * line on {@code err} and a {@link ConfigException}.
   */
  static ReflectorConfig parse(String[] args, PrintStream out, PrintStream err) {
    try {
      return ReflectorOptions.parse(
          args, new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true));
    } catch (ConfigException e) {
      err.println("tabby-rr: bad configuration: " + e.getMessage().replace('\n', ' '));
      throw e;
    }
  }
}
