package dev.tabby.bench.ipam;

import dev.tabby.api.v1.IPPool;
import dev.tabby.ipam.AssignRequest;
import dev.tabby.ipam.Assignment;
import dev.tabby.ipam.ClusterView;
import dev.tabby.ipam.IpamAllocator;
import dev.tabby.ipam.IpamChecker;
import dev.tabby.ipam.IpamReport;
import dev.tabby.ipam.WatchedClusterView;
import dev.tabby.ipam.WatchedIpamConfig;
import dev.tabby.ipam.store.ConflictRetry;
import dev.tabby.ipam.store.Datastore;
import dev.tabby.net.IpAddress;
import dev.tabby.testbench.kube.CrudApiServer;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.MockWebServer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * IPAM assignments per second and per-assignment latency against fabric8's mock API server in CRUD
 * mode (which enforces resourceVersion conflicts), for one node and for many nodes assigning at
 * once; block claims are included because every run starts with no blocks. Each node issues up to K
 * assignments at once, as a kubelet starting several pods does; K=1 is the sequential figure.
 * Reports, never asserts.
 *
 * <p>Usage: {@code IpamBenchmark [PODS_ONE_NODE (1000)] [NODES (20)] [PODS_PER_NODE (100)]
 * [CONCURRENCY_PER_NODE (8)]}
 */
public final class IpamBenchmark {
  private IpamBenchmark() {}

  /** One run's figures. */
  record Result(
      String name,
      int concurrency,
      int assignments,
      double seconds,
      long p50Micros,
      long p99Micros,
      long conflictsRetried,
      RequestTally requests,
      int blocks,
      int duplicates,
      IpamReport report) {
    double perSecond() {
      return assignments / seconds;
    }

    double perAssignment(int count) {
      return (double) count / assignments;
    }
  }

  public static void main(String[] args) throws Exception {
    int podsOneNode = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int nodes = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    int podsPerNode = args.length > 2 ? Integer.parseInt(args[2]) : 100;
    int concurrency = args.length > 3 ? Integer.parseInt(args[3]) : 8;
    System.out.println("warming up (results discarded)...");
    run("warm-up", 4, 50, concurrency);
    List<Result> results = new ArrayList<>();
    results.add(run("1 node", 1, podsOneNode, 1));
    results.add(run("1 node", 1, podsOneNode, concurrency));
    results.add(run(nodes + " nodes at once", nodes, podsPerNode, 1));
    results.add(run(nodes + " nodes at once", nodes, podsPerNode, concurrency));
    print(results);
  }

  static Result run(String name, int nodeCount, int podsPerNode, int concurrency) throws Exception {
    MockWebServer http = new MockWebServer();
    KubernetesMockServer server = CrudApiServer.create(http);
    server.init();
    try (KubernetesClient client = server.createClient()) {
      Datastore datastore = Datastore.kubernetes(client);
      createPool(datastore);
      for (int n = 0; n < nodeCount; n++) {
        client
            .nodes()
            .resource(
                new NodeBuilder().withNewMetadata().withName("node-" + n).endMetadata().build())
            .create();
      }
      ConflictRetry retry = ConflictRetry.standard();
      Set<IpAddress> seen = ConcurrentHashMap.newKeySet();
      AtomicInteger duplicates = new AtomicInteger();
      long[] latencies = new long[nodeCount * podsPerNode];
      try (WatchedIpamConfig config = new WatchedIpamConfig(client);
          WatchedClusterView nodes = new WatchedClusterView(client)) {
        ExecutorService threads = Executors.newFixedThreadPool(nodeCount * concurrency);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> requesters = new ArrayList<>();
        for (int n = 0; n < nodeCount; n++) {
          String node = "node-" + n;
          int offset = n * podsPerNode;
          IpamAllocator agent = new IpamAllocator(datastore, nodes, config, retry);
          AtomicInteger nextPod = new AtomicInteger();
          // The node's K concurrent CNI ADDs, each taking the node's next pod until none is left.
          for (int k = 0; k < concurrency; k++) {
            requesters.add(
                threads.submit(
                    () -> {
                      start.await();
                      for (int i = nextPod.getAndIncrement();
                          i < podsPerNode;
                          i = nextPod.getAndIncrement()) {
                        String pod = node + "-pod-" + i;
                        long t0 = System.nanoTime();
                        Assignment a =
                            agent
                                .assign(AssignRequest.ipv4("bench." + pod, node, "default", pod))
                                .get(0);
                        latencies[offset + i] = System.nanoTime() - t0;
                        if (!seen.add(a.address())) {
                          duplicates.incrementAndGet();
                        }
                      }
                      return null;
                    }));
          }
        }
        RequestTally.take(http); // the set-up's requests and the informers' lists and watches
        long begin = System.nanoTime();
        start.countDown();
        for (Future<?> r : requesters) {
          r.get();
        }
        double seconds = (System.nanoTime() - begin) / 1e9;
        RequestTally requests = RequestTally.take(http);
        threads.shutdown();
        Arrays.sort(latencies);
        IpamReport report = new IpamChecker(datastore, everyPodExists()).check();
        return new Result(
            name,
            concurrency,
            latencies.length,
            seconds,
            latencies[latencies.length / 2] / 1000,
            latencies[(int) Math.min(latencies.length - 1, Math.ceil(latencies.length * 0.99) - 1)]
                / 1000,
            retry.conflictsRetried(),
            requests,
            datastore.blocks().list().size(),
            duplicates.get(),
            report);
      }
    } finally {
      server.destroy();
    }
  }

  /** Every pod the benchmark assigned for is alive, so the check should find nothing unused. */
  private static ClusterView everyPodExists() {
    return ClusterView.unlabelledNodes((namespace, pod) -> true);
  }

  private static void createPool(Datastore datastore) {
    datastore.pools().create(IPPool.of("bench", "10.244.0.0/16", 26));
  }

  private static void print(List<Result> results) {
    System.out.printf(
        "%n| run | K | assignments | seconds | assignments/s | p50 ms | p99 ms | conflicts retried"
            + " | API requests per assignment | block writes per assignment | blocks claimed"
            + " | duplicates | consistency |%n");
    System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
    for (Result r : results) {
      System.out.printf(
          "| %s | %d | %d | %.1f | %.0f | %.1f | %.1f | %d | %.2f | %.2f | %d | %d | %s |%n",
          r.name(),
          r.concurrency(),
          r.assignments(),
          r.seconds(),
          r.perSecond(),
          r.p50Micros() / 1000.0,
          r.p99Micros() / 1000.0,
          r.conflictsRetried(),
          r.perAssignment(r.requests().total()),
          r.perAssignment(r.requests().count("PUT", "ipamblocks")),
          r.blocks(),
          r.duplicates(),
          r.report().isClean() ? "clean" : "INCONSISTENT");
      if (!r.report().isClean()) {
        System.out.println(r.report());
      }
    }
    System.out.println();
    for (Result r : results) {
      System.out.printf("requests, %s, K=%d: %s%n", r.name(), r.concurrency(), r.requests());
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
