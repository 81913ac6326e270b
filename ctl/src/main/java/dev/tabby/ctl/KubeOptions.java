package dev.tabby.ctl;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import picocli.CommandLine.Option;

/** {@code --kubeconfig}, and the Kubernetes API's failures as tabbyctl's one-line errors. */
final class KubeOptions {

  @Option(
      names = "--kubeconfig",
      paramLabel = "FILE",
      description = "The kubeconfig to use (default: $KUBECONFIG, ~/.kube/config, in-cluster).")
  Path kubeconfig;

  /**
   * A client for the kubeconfig asked for, or the client's usual defaults. It does not retry: an
   * operator at a prompt wants the failure now, as kubectl gives it.
   */
  KubernetesClient client() {
    Config config = kubeconfig == null ? Config.autoConfigure(null) : fromFile(kubeconfig);
    config.setRequestRetryBackoffLimit(0);
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  private static Config fromFile(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new CtlException("cannot read kubeconfig " + file + ": " + e.getMessage());
    }
    try {
      return Config.fromKubeconfig(text);
    } catch (KubernetesClientException e) {
      throw new CtlException("kubeconfig " + file + ": " + e.getMessage());
    }
  }

  /**
   * Runs an API request; an API server that cannot be reached is exit code 3, a refused request
   * exit code 1, each one line.
   */
  <T> T call(Supplier<T> request) {
    try {
      return request.get();
    } catch (KubernetesClientException e) {
      if (e.getCode() <= 0 && causedByIo(e)) {
        throw CtlException.unreachable("cannot reach the Kubernetes API: " + rootMessage(e));
      }
      throw new CtlException("the Kubernetes API refused the request: " + firstLine(e));
    }
  }

  private static boolean causedByIo(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof IOException || t instanceof UncheckedIOException) {
        return true;
      }
    }
    return false;
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
  }

  private static String firstLine(KubernetesClientException e) {
    String message = e.getStatus() != null ? e.getStatus().getMessage() : e.getMessage();
    return message == null ? "HTTP " + e.getCode() : message.lines().findFirst().orElse("");
  }
}
