package dev.tabby.system;

/** A kubeconfig that points at an API server without authentication (the lab's stand-in). */
final class Kubeconfig {

  private Kubeconfig() {}

  static String forServer(String url) {
    return """
        apiVersion: v1
        kind: Config
        clusters:
        - name: tabby-lab
          cluster:
            server: %s
        users:
        - name: tabby-lab
          user: {}
        contexts:
        - name: tabby-lab
          context:
            cluster: tabby-lab
            user: tabby-lab
            namespace: default
        current-context: tabby-lab
        """
        .formatted(url);
  }
}
