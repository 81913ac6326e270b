package dev.tabby.rr;

import dev.tabby.health.DaemonProcess;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code tabby-rr}: flags and environment as {@link ReflectorOptions} reads them, the Kubernetes
 * API from {@code KUBECONFIG} or the in-cluster service account. Runs until SIGTERM, which ends
 * every session with a Cease. Exit codes: {@link DaemonProcess}.
 */
public final class Main {

  private Main() {}

  public static void main(String[] args) throws InterruptedException {
    DaemonProcess.run(
        "tabby-rr",
        "tabby-rr-logback.xml",
        () -> parse(args, System.out, System.err),
        config -> {
          KubernetesClient client = new KubernetesClientBuilder().build();
          return List.of(Reflector.start(config, client), client);
        });
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
