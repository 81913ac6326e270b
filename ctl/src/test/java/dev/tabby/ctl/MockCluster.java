package dev.tabby.ctl;

import dev.tabby.api.v1.IPAMConfig;
import dev.tabby.api.v1.IPAMConfigSpec;
import dev.tabby.api.v1.IPPool;
import dev.tabby.ipam.IpamAllocator;
import dev.tabby.ipam.KubernetesClusterView;
import dev.tabby.ipam.store.ConflictRetry;
import dev.tabby.ipam.store.Datastore;
import dev.tabby.testbench.kube.CrudApiServer;
import dev.tabby.testbench.kube.KubeObjects;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * fabric8's mock API server in CRUD mode, a kubeconfig for it, and tabbyctl run against it: the
 * cluster of the tests of tabbyctl's IPAM and resource commands.
 */
final class MockCluster implements AutoCloseable {
  final KubernetesClient client;
  final Datastore datastore;
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  private final Path kubeconfig;

  private final MockWebServer http = new MockWebServer();
  private final KubernetesMockServer api = CrudApiServer.create(http);

  MockCluster(Path dir) throws IOException {
    api.init();
    client = api.createClient();
    datastore = Datastore.kubernetes(client);
    kubeconfig =
        Path.of(TestKubeconfig.write(dir, "http://" + api.getHostName() + ":" + api.getPort()));
  }

  /** Runs tabbyctl against this cluster, with fresh output; returns the exit code. */
  int run(String... args) {
    out.getBuffer().setLength(0);
    err.getBuffer().setLength(0);
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--kubeconfig");
    all.add(kubeconfig.toString());
    return TabbyCtl.run(
        new PrintWriter(out, true), new PrintWriter(err, true), all.toArray(String[]::new));
  }

  /**
   * The API requests tabbyctl made to run the command, as "verb resource" (kubectl's RBAC verbs:
   * get, list, create, update, delete), without repeats, in the order first made.
   */
  Set<String> requestsOf(String... args) throws InterruptedException {
    drain();
    run(args);
    Set<String> requests = new LinkedHashSet<>();
    for (RecordedRequest r : drain()) {
      requests.add(ApiRequest.verbAndResource(r.getMethod(), r.getPath()));
    }
    return requests;
  }

  private List<RecordedRequest> drain() throws InterruptedException {
    List<RecordedRequest> taken = new ArrayList<>();
    for (RecordedRequest r = http.takeRequest(1, TimeUnit.MILLISECONDS);
        r != null;
        r = http.takeRequest(1, TimeUnit.MILLISECONDS)) {
      taken.add(r);
    }
    return taken;
  }

  String out() {
    return out.toString();
  }

  String err() {
    return err.toString();
  }

  IPPool pool(String name, String cidr, Integer blockSize) {
    return datastore.pools().create(IPPool.of(name, cidr, blockSize));
  }

  /** The cluster's IPAMConfig: borrowing allowed, at most {@code maxBlocksPerHost} each. */
  void maxBlocksPerHost(int maxBlocksPerHost) {
    IPAMConfig config = new IPAMConfig();
    config.setMetadata(new ObjectMetaBuilder().withName("default").build());
    IPAMConfigSpec spec = new IPAMConfigSpec();
    spec.setMaxBlocksPerHost(maxBlocksPerHost);
    config.setSpec(spec);
    datastore.configs().create(config);
  }

  void node(String name, String internalIp) {
    client.nodes().resource(KubeObjects.node(name, internalIp)).create();
  }

  void pod(String namespace, String name, String node) {
    client
        .pods()
        .inNamespace(namespace)
        .resource(
            KubeObjects.pod(namespace, name).withNewSpec().withNodeName(node).endSpec().build())
        .create();
  }

  void deletePod(String namespace, String name) {
    client.pods().inNamespace(namespace).withName(name).delete();
  }

  /** The allocator the node agents run, on this cluster. */
  IpamAllocator allocator() {
    return new IpamAllocator(
        datastore, new KubernetesClusterView(client), ConflictRetry.standard());
  }

  @Override
  public void close() {
    client.close();
    api.destroy();
  }
}
