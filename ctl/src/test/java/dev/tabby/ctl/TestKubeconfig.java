package dev.tabby.ctl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A kubeconfig file naming one API server, for the commands under test. */
final class TestKubeconfig {

  private TestKubeconfig() {}

  /** Writes {@code dir/kubeconfig} for {@code server} and returns its path. */
  static String write(Path dir, String server) throws IOException {
    Path file = dir.resolve("kubeconfig");
    Files.writeString(
        file,
        """
        apiVersion: v1
        kind: Config
        clusters: [{name: test, cluster: {server: "%s"}}]
        users: [{name: test, user: {token: test}}]
        contexts: [{name: test, context: {cluster: test, user: test}}]
        current-context: test
        """
            .formatted(server));
    return file.toString();
  }
}
