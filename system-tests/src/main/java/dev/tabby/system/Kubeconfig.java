package dev.tabby.system;

import io.fabric8.kubernetes.api.model.Config;
import io.fabric8.kubernetes.api.model.NamedCluster;
import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.function.Function;

/** Kubeconfigs of the lab: the stand-in's, and a real cluster's as the nodes reach it. */
final class Kubeconfig {

  private Kubeconfig() {}

  /** A kubeconfig that points at an API server without authentication (the lab's stand-in). */
  static String forServer(String url) {
    return forServer(url, "{}");
  }

  /**
   * A kubeconfig for the lab's stand-in that authenticates with {@code token}, by which the
   * stand-in's {@link RequestLog} tells who made each request.
   */
  static String forComponent(String url, String token) {
    return forServer(url, "{token: " + token + "}");
  }

  private static String forServer(String url, String user) {
    return """
        apiVersion: v1
        kind: Config
        clusters:
        - name: tabby-lab
          cluster:
            server: %s
        users:
        - name: tabby-lab
          user: %s
        contexts:
        - name: tabby-lab
          context:
            cluster: tabby-lab
            user: tabby-lab
            namespace: default
        current-context: tabby-lab
        """
        .formatted(url, user);
  }

  /**
   * A kubeconfig through the lab's {@link ApiRelay}: {@code text} with its current context's server
   * replaced by the relay's address, and TLS still checking the server's own name.
   *
   * @param text the kubeconfig as given
   * @param target where the real server is, for the relay
   */
  record Relayed(String text, InetSocketAddress target) {}

  /**
   * @throws IllegalArgumentException naming what is missing when the kubeconfig has no current
   *     context, no such cluster or no server URL
   */
  static Relayed throughRelay(String text, String relayHost, int relayPort) {
    Config config = Serialization.unmarshal(text, Config.class);
    String contextName = config.getCurrentContext();
    NamedContext context = named(config.getContexts(), NamedContext::getName, contextName);
    if (context == null || context.getContext() == null) {
      throw new IllegalArgumentException(
          "the kubeconfig's current-context '" + contextName + "' is not among its contexts");
    }
    String clusterName = context.getContext().getCluster();
    NamedCluster cluster = named(config.getClusters(), NamedCluster::getName, clusterName);
    if (cluster == null
        || cluster.getCluster() == null
        || cluster.getCluster().getServer() == null) {
      throw new IllegalArgumentException(
          "the kubeconfig's cluster '" + clusterName + "' has no server URL");
    }
    URI server = URI.create(cluster.getCluster().getServer());
    boolean https = "https".equals(server.getScheme());
    int port = server.getPort() > 0 ? server.getPort() : https ? 443 : 80;
    if (https && cluster.getCluster().getTlsServerName() == null) {
      cluster.getCluster().setTlsServerName(server.getHost());
    }
    cluster.getCluster().setServer(server.getScheme() + "://" + relayHost + ":" + relayPort);
    return new Relayed(Serialization.asYaml(config), new InetSocketAddress(server.getHost(), port));
  }

  /** The entry of a kubeconfig list with this name, or null. */
  private static <T> T named(List<T> entries, Function<T, String> nameOf, String name) {
    return entries == null
        ? null
        : entries.stream().filter(e -> nameOf.apply(e).equals(name)).findFirst().orElse(null);
  }
}
