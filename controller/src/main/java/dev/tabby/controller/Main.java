package dev.tabby.controller;

import dev.tabby.health.DaemonProcess;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code tabby-controller}: flags and environment as {@link ControllerOptions} reads them, the
 * Kubernetes API from {@code KUBECONFIG} or the in-cluster service account. Runs until SIGTERM,
 * which gives the Lease up so another replica takes over at once.
 */
public final class Main {
  /** Exit status for configuration that cannot be used. */
  static final int BAD_CONFIG = DaemonProcess.BAD_CONFIG;

  private Main() {}

  public static void main(String[] args) throws InterruptedException {
    DaemonProcess.run(
        "tabby-controller",
        "tabby-controller-logback.xml",
        () -> parse(args, System.out, System.err),
        config -> {
          KubernetesClient client = new KubernetesClientBuilder().build();
          return List.of(Controller.start(config, client), client);
        });
  }

  /**
   * Reads the configuration; help goes to {@code out} (and null is returned), a bad setting is one
   * line on {@code err} and a {@link ConfigException}.
   */
  static ControllerConfig parse(String[] args, PrintStream out, PrintStream err) {
    try {
      return ControllerOptions.parse(
          args, new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true));
    } catch (ConfigException e) {
      err.println("tabby-controller: bad configuration: " + e.getMessage().replace('\n', ' '));
      throw e;
    }
  }
}
