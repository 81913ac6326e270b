package dev.tabby.node.cni;

import static java.nio.file.StandardCopyOption.COPY_ATTRIBUTES;

import dev.tabby.api.v1.IPPool;
import dev.tabby.cni.Json;
import dev.tabby.dataplane.NetworkNamespace;
import dev.tabby.ipam.IpamAllocator;
import dev.tabby.ipam.KubernetesClusterView;
import dev.tabby.ipam.store.ConflictRetry;
import dev.tabby.ipam.store.Datastore;
import dev.tabby.testbench.Host;
import dev.tabby.testbench.Lab;
import dev.tabby.testbench.cni.CniRuntime;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A node for CNI tests: a namespace with a fabric address (192.0.2.10) and a default route, like a
 * real node; the agent's CniServer serving it from this JVM with IPAM over the mock API server; the
 * plugins installed into a bin directory of the run and the conflist written next to it.
 */
final class CniLab implements AutoCloseable {
  static final String NODE = "node-1";
  static final String NODE_ADDRESS = "192.0.2.10";
  static final String POOL = "10.244.0.0/24";
  static final String POOL_V6 = "fd00:244::/120";

  final Lab lab;
  final Host node;
  final Datastore datastore;
  final IpamAllocator ipam;
  final Path binDir;
  final Path confDir;
  final Path socket;
  final Path stateDir;
  final CniInstaller installer;
  final CniRuntime runtime;
  final AtomicBoolean agentReady = new AtomicBoolean(true);
  private final NetworkNamespace nodeNamespace;
  private CniServer server;

  private CniLab(KubernetesClient client, boolean ipv6) throws IOException {
    lab = Lab.create();
    node = lab.host("node");
    Host gateway = lab.host("gw");
    lab.link(node, "fabric", gateway, "node");
    gateway.addAddress("node", "192.0.2.1/24").addAddress("node", "fd00:192::1/64");
    node.addAddress("fabric", NODE_ADDRESS + "/24").addAddress("fabric", "fd00:192::10/64");
    // A real node has a default route; proxy ARP answers for the pods' gateway only through it.
    node.addRoute("default", "192.0.2.1").addRoute("default", "fd00:192::1");
    node.enableForwarding();

    client
        .nodes()
        .resource(new NodeBuilder().withNewMetadata().withName(NODE).endMetadata().build())
        .create();
    datastore = Datastore.kubernetes(client);
    datastore.pools().create(IPPool.of("pool-v4", POOL, 26));
    if (ipv6) {
      datastore.pools().create(IPPool.of("pool-v6", POOL_V6, 122));
    }
    ipam =
        new IpamAllocator(
            datastore,
            new KubernetesClusterView(client),
            new ConflictRetry(25, Duration.ofMillis(1), Duration.ofMillis(20)));

    Path run = lab.runDir();
    binDir = run.resolve("bin");
    confDir = run.resolve("net.d");
    socket = run.resolve("cni.sock");
    stateDir = run.resolve("state");
    nodeNamespace = NetworkNamespace.open(node.namespacePath());
    installer =
        new CniInstaller(
            new CniInstaller.Config(
                pluginSource(), binDir, confDir, "tabby", socket, 1400, true, ipv6));
    // A node's CNI bin directory holds the reference plugins too (portmap is in the conflist).
    Files.createDirectories(binDir);
    for (String plugin : List.of("portmap", "bandwidth", "ptp", "host-local", "loopback")) {
      Files.copy(Path.of("/usr/lib/cni", plugin), binDir.resolve(plugin), COPY_ATTRIBUTES);
    }
    installer.installPlugins();
    runtime = new CniRuntime(node, binDir);
    startAgent();
    installer.writeConflist();
  }

  static CniLab start(KubernetesClient client) throws IOException {
    return new CniLab(client, false);
  }

  static CniLab dualStack(KubernetesClient client) throws IOException {
    return new CniLab(client, true);
  }

  private static Path pluginSource() {
    String built = System.getProperty("tabby.cni.plugins");
    if (built == null || !Files.isRegularFile(Path.of(built, CniInstaller.EXECUTABLE))) {
      throw new IllegalStateException(
          "the CNI plugins are not built (tabby.cni.plugins="
              + built
              + "); run: "
              + "mvn -pl node-agent -am verify");
    }
    return Path.of(built);
  }

  void startAgent() throws IOException {
    server =
        new CniServer(
            new CniServer.Config(socket, stateDir, NODE), ipam, nodeNamespace, agentReady::get);
    server.start();
  }

  void stopAgent() {
    server.close();
  }

  /** The conflist the installer wrote, as a runtime reads it. */
  Map<String, Object> conflist() throws IOException {
    return Json.parseObject(Files.readString(installer.conflistPath()));
  }

  Host pod(String name) {
    return lab.host(name);
  }

  /** Links in the node namespace whose name starts with the host veth prefix. */
  String hostVeths() {
    return node.ip("-o", "link", "show")
        .stdout()
        .lines()
        .filter(l -> l.contains(": " + HostVethNames.PREFIX))
        .map(l -> l.split(": ")[1].split("@")[0])
        .sorted()
        .reduce("", (a, b) -> a.isEmpty() ? b : a + " " + b);
  }

  @Override
  public void close() {
    try {
      server.close();
    } finally {
      nodeNamespace.close();
      lab.close();
    }
  }
}
