package dev.tabby.bench.ipam;

import dev.tabby.ipam.AssignRequest;
import dev.tabby.ipam.Assignment;
import dev.tabby.ipam.ClusterView;
import dev.tabby.ipam.IpamAllocator;
import dev.tabby.ipam.IpamChecker;
import dev.tabby.ipam.IpamReport;
import dev.tabby.ipam.WatchedIpamConfig;
import dev.tabby.ipam.net.IpAddress;
import dev.tabby.ipam.store.ConflictRetry;
import dev.tabby.ipam.store.Datastore;
import dev.tabby.ipam.v1.IPPool;
import dev.tabby.ipam.v1.IPPoolSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * IPAM assignments per second and per-assignment latency against fabric8's mock API server in CRUD
 * mode (which enforces resourceVersion conflicts), for one node and for many nodes assigning at
 * once; block claims are included because every run starts with no blocks. Reports, never asserts.
 *
 * <p>Usage: {@code IpamBenchmark [PODS_ONE_NODE (1000)] [NODES (20)] [PODS_PER_NODE (100)]}
 */
public final class IpamBenchmark {
  private IpamBenchmark() {}

  /** One run's figures. */
  record Result(
      String name,
      int nodes,
      int assignments,
      double seconds,
      long p50Micros,
      long p99Micros,
      long conflictsRetried,
      int blocks,
      int duplicates,
      IpamReport report) {
    double perSecond() {
      return assignments / seconds;
    }
  }

  public static void main(String[] args) throws Exception {
    int podsOneNode = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int nodes = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    int podsPerNode = args.length > 2 ? Integer.parseInt(args[2]) : 100;
    System.out.println("warming up (results discarded)...");
    run("warm-up", 4, 50);
    List<Result> results = new ArrayList<>();
    results.add(run("1 node", 1, podsOneNode));
    results.add(run(nodes + " nodes at once", nodes, podsPerNode));
    print(results);
  }

  static Result run(String name, int nodeCount, int podsPerNode) throws Exception {
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            new HashMap<>(),
            new KubernetesCrudDispatcher(),
            false);
    server.init();
    try (KubernetesClient client = server.createClient()) {
      Datastore datastore = Datastore.kubernetes(client);
      createPool(datastore);
      // Every pod exists and every node has no labels: the agent knows its own node from its
      // informer, and the consistency check should find nothing unused.
      ClusterView cluster =
          new ClusterView() {
            @Override
            public Optional<Map<String, String>> nodeLabels(String node) {
              return Optional.of(Map.of());
            }

            @Override
            public boolean podExists(String namespace, String pod) {
              return true;
            }
          };
      ConflictRetry retry = ConflictRetry.standard();
      Set<IpAddress> seen = ConcurrentHashMap.newKeySet();
      int[] duplicates = {0};
      long[] latencies = new long[nodeCount * podsPerNode];
      try (WatchedIpamConfig config = new WatchedIpamConfig(client)) {
        ExecutorService threads = Executors.newFixedThreadPool(nodeCount);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> agents = new ArrayList<>();
        for (int n = 0; n < nodeCount; n++) {
          String node = "node-" + n;
          int offset = n * podsPerNode;
          IpamAllocator agent = new IpamAllocator(datastore, cluster, config, retry);
          agents.add(
              threads.submit(
                  () -> {
                    start.await();
                    for (int i = 0; i < podsPerNode; i++) {
                      String pod = node + "-pod-" + i;
                      long t0 = System.nanoTime();
                      Assignment a =
                          agent
                              .assign(AssignRequest.ipv4("bench." + pod, node, "default", pod))
                              .get(0);
                      latencies[offset + i] = System.nanoTime() - t0;
                      if (!seen.add(a.address())) {
                        synchronized (duplicates) {
                          duplicates[0]++;
                        }
                      }
                    }
                    return null;
                  }));
        }
        long begin = System.nanoTime();
        start.countDown();
        for (Future<?> agent : agents) {
          agent.get();
        }
        double seconds = (System.nanoTime() - begin) / 1e9;
        threads.shutdown();
        Arrays.sort(latencies);
        IpamReport report = new IpamChecker(datastore, cluster).check();
        return new Result(
            name,
            nodeCount,
            latencies.length,
            seconds,
            latencies[latencies.length / 2] / 1000,
            latencies[(int) Math.min(latencies.length - 1, Math.ceil(latencies.length * 0.99) - 1)]
                / 1000,
            retry.conflictsRetried(),
            datastore.blocks().list().size(),
            duplicates[0],
            report);
      }
    } finally {
      server.destroy();
    }
  }

  private static void createPool(Datastore datastore) {
    IPPool pool = new IPPool();
    pool.setMetadata(new ObjectMetaBuilder().withName("bench").build());
    IPPoolSpec spec = new IPPoolSpec();
    spec.setCidr("10.244.0.0/16");
    spec.setBlockSize(26);
    pool.setSpec(spec);
    datastore.pools().create(pool);
  }

  private static void print(List<Result> results) {
    System.out.printf(
        "%n| run | assignments | seconds | assignments/s | p50 ms | p99 ms | conflicts retried"
            + " | blocks claimed | duplicates | consistency |%n");
    System.out.println("|---|---|---|---|---|---|---|---|---|---|");
    for (Result r : results) {
      System.out.printf(
          "| %s | %d | %.1f | %.0f | %.1f | %.1f | %d | %d | %d | %s |%n",
          r.name(),
          r.assignments(),
          r.seconds(),
          r.perSecond(),
          r.p50Micros() / 1000.0,
          r.p99Micros() / 1000.0,
          r.conflictsRetried(),
          r.blocks(),
          r.duplicates(),
          r.report().isClean() ? "clean" : "INCONSISTENT");
      if (!r.report().isClean()) {
        System.out.println(r.report());
      }
    }
    System.out.printf("%nload average while measuring: %s%n", loadAverage());
  }

  private static String loadAverage() {
    try {
      return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim();
    } catch (java.io.IOException e) {
      return "unknown";
    }
  }
}
