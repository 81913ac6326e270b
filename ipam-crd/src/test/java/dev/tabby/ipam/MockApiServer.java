package dev.tabby.ipam;

import dev.tabby.testbench.kube.CrudApiServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The test bench's {@link CrudApiServer}, one per test, for tests whose code under test watches
 * (informers). A test class holds one in a {@code @RegisterExtension} field: it starts with the
 * test's instance and stops after the test. Unlike {@code @EnableKubernetesMockClient}, its watches
 * can be closed by the client at any moment.
 */
final class MockApiServer implements AfterEachCallback {
  private final KubernetesMockServer server = CrudApiServer.create();
  private final KubernetesClient client;

  MockApiServer() {
    server.init();
    client = server.createClient();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    server.destroy();
    client.close();
  }

  KubernetesClient client() {
    return client;
  }

  KubernetesMockServer server() {
    return server;
  }
}
