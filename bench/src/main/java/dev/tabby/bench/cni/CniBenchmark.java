package dev.tabby.bench.cni;

import dev.tabby.api.v1.IPPool;
import dev.tabby.dataplane.NetworkNamespace;
import dev.tabby.ipam.IpamAllocator;
import dev.tabby.ipam.KubernetesClusterView;
import dev.tabby.ipam.store.ConflictRetry;
import dev.tabby.ipam.store.Datastore;
import dev.tabby.node.cni.CniInstaller;
import dev.tabby.node.cni.CniServer;
import dev.tabby.testbench.Host;
import dev.tabby.testbench.Lab;
import dev.tabby.testbench.kube.CrudApiServer;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * CNI ADD and DEL latency as a kubelet sees it (one plugin process per call, K calls in flight) for
 * Tabby's plugin against its agent, and for the reference ptp + host-local pair in the same run;
 * plus the plugin processes' start-up (VERSION). The node and the pods are namespaces; IPAM runs
 * against fabric8's mock API server in CRUD mode. Reports, never asserts.
 *
 * <p>Usage: {@code CniBenchmark PLUGINS_DIR [PODS (300)] [IN_FLIGHT (8)]}
 */
public final class CniBenchmark {
  private static final Path REFERENCE = Path.of("/usr/lib/cni");

  private CniBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path plugins = Path.of(args[0]);
    int pods = args.length > 1 ? Integer.parseInt(args[1]) : 300;
    int inFlight = args.length > 2 ? Integer.parseInt(args[2]) : 8;
    KubernetesMockServer api = CrudApiServer.create();
    api.init();
    try (KubernetesClient client = api.createClient();
        Lab lab = Lab.create()) {
      Host node = lab.host("node");
      Host gateway = lab.host("gw");
      lab.link(node, "fabric", gateway, "node");
      gateway.addAddress("node", "192.0.2.1/24");
      node.addAddress("fabric", "192.0.2.10/24").addRoute("default", "192.0.2.1");
      node.enableForwarding();
      client
          .nodes()
          .resource(new NodeBuilder().withNewMetadata().withName("node-1").endMetadata().build())
          .create();
      Datastore datastore = Datastore.kubernetes(client);
      datastore.pools().create(IPPool.of("bench", "10.244.0.0/16", 26));
      IpamAllocator ipam =
          new IpamAllocator(datastore, new KubernetesClusterView(client), ConflictRetry.standard());
      Path bin = lab.runDir().resolve("bin");
      Files.createDirectories(bin);
      for (String reference : List.of("ptp", "host-local")) {
        Files.copy(
            REFERENCE.resolve(reference),
            bin.resolve(reference),
            StandardCopyOption.COPY_ATTRIBUTES);
      }
      Path socket = lab.runDir().resolve("cni.sock");
      CniInstaller.Config installConfig =
          new CniInstaller.Config(
              plugins, bin, lab.runDir().resolve("net.d"), "tabby", socket, 1500, true, false);
      new CniInstaller(installConfig).installPlugins();
      List<Host> sandboxes = new ArrayList<>();
      for (int i = 0; i < pods; i++) {
        sandboxes.add(lab.host("p" + i));
      }
      try (NetworkNamespace nodeNamespace = NetworkNamespace.open(node.namespacePath());
          CniServer server =
              new CniServer(
                  new CniServer.Config(socket, lab.runDir().resolve("state"), "node-1"),
                  ipam,
                  nodeNamespace,
                  () -> true)) {
        server.start();
        Runner runner = new Runner(node, bin);
        String tabby =
            "{\"cniVersion\":\"1.0.0\",\"name\":\"tabby\",\"type\":\"tabby\",\"socket\":\""
                + socket
                + "\"}";
        String ptp =
            "{\"cniVersion\":\"1.0.0\",\"name\":\"ref\",\"type\":\"ptp\",\"ipam\":{"
                + "\"type\":\"host-local\",\"subnet\":\"10.250.0.0/16\",\"dataDir\":\""
                + lab.runDir().resolve("host-local")
                + "\"}}";
        System.out.println("warming up (results discarded)...");
        measure(runner, "tabby", tabby, sandboxes.subList(0, 16), inFlight);
        measure(runner, "ptp", ptp, sandboxes.subList(0, 16), inFlight);
        List<String> rows = new ArrayList<>();
        rows.addAll(measure(runner, "tabby", tabby, sandboxes, inFlight));
        rows.addAll(measure(runner, "ptp", ptp, sandboxes, inFlight));
        rows.add(startup(runner, "tabby", tabby));
        rows.add(startup(runner, "ptp", ptp));
        System.out.printf(
            "%n%d pods, %d calls in flight; latency of one plugin process per call%n",
            pods, inFlight);
        System.out.println("| plugin | call | p50 ms | p99 ms | max ms |");
        System.out.println("|---|---|---|---|---|");
        rows.forEach(System.out::println);
      }
    } finally {
      api.destroy();
    }
  }

  /** ADD to every pod, then DEL from every pod, K at a time; a row per command. */
  private static List<String> measure(
      Runner runner, String plugin, String config, List<Host> pods, int inFlight) throws Exception {
    List<String> rows = new ArrayList<>();
    for (String command : List.of("ADD", "DEL")) {
      ExecutorService kubelet = Executors.newFixedThreadPool(inFlight);
      try {
        List<Future<Long>> calls = new ArrayList<>();
        for (Host pod : pods) {
          calls.add(kubelet.submit(() -> runner.call(plugin, command, pod, config)));
        }
        List<Long> micros = new ArrayList<>();
        for (Future<Long> call : calls) {
          micros.add(call.get());
        }
        rows.add(row(plugin, command, micros));
      } finally {
        kubelet.shutdownNow();
      }
    }
    return rows;
  }

  /** VERSION, one at a time: what starting the plugin process costs. */
  private static String startup(Runner runner, String plugin, String config) throws Exception {
    List<Long> micros = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      micros.add(runner.call(plugin, "VERSION", null, config));
    }
    return row(plugin, "VERSION (start-up)", micros);
  }

  private static String row(String plugin, String command, List<Long> micros) {
    Collections.sort(micros);
    return String.format(
        "| %s | %s | %.1f | %.1f | %.1f |",
        plugin,
        command,
        micros.get(micros.size() / 2) / 1000.0,
        micros.get(Math.min(micros.size() - 1, (int) Math.ceil(micros.size() * 0.99) - 1)) / 1000.0,
        micros.get(micros.size() - 1) / 1000.0);
  }

  /** Runs one plugin process in the node's namespace, as a runtime does, and times it. */
  private record Runner(Host node, Path bin) {
    long call(String plugin, String command, Host pod, String config) throws IOException {
      ProcessBuilder builder =
          new ProcessBuilder(
                  "ip", "netns", "exec", node.namespace(), bin.resolve(plugin).toString())
              .redirectError(ProcessBuilder.Redirect.DISCARD);
      Map<String, String> env = builder.environment();
      env.put("CNI_COMMAND", command);
      env.put("CNI_PATH", bin.toString());
      if (pod != null) {
        env.put("CNI_CONTAINERID", "bench-" + pod.name());
        env.put("CNI_NETNS", pod.namespacePath().toString());
        env.put("CNI_IFNAME", "eth0");
        env.put("CNI_ARGS", "IgnoreUnknown=1;K8S_POD_NAMESPACE=bench;K8S_POD_NAME=" + pod.name());
      }
      long start = System.nanoTime();
      Process process = builder.start();
      try (OutputStream stdin = process.getOutputStream()) {
        stdin.write(config.getBytes(StandardCharsets.UTF_8));
      }
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int exit;
      try {
        exit = process.waitFor();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      }
      long micros = (System.nanoTime() - start) / 1000;
      if (exit != 0) {
        throw new IOException(plugin + " " + command + " failed: " + out);
      }
      return micros;
    }
  }
}
