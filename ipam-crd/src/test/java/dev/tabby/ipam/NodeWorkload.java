package dev.tabby.ipam;

import dev.tabby.ipam.store.ConflictRetry;
import dev.tabby.ipam.store.Datastore;
import dev.tabby.net.IpAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Node agents assigning and releasing at once against one datastore, each serving several
 * requesters at once (so their requests batch). Records every address handed out twice, every
 * operation that failed, and what each requester still holds at the end.
 */
final class NodeWorkload {
  /** One live assignment as its agent remembers it. */
  record Held(String handle, String pod, IpAddress address, long sequence) {}

  /** What a run saw. */
  record Outcome(
      int assignments, List<String> duplicates, List<String> failures, List<Held> stillHeld) {
    /** Address → handle, as the agents believe the datastore holds them. */
    Map<IpAddress, String> expectedAllocations() {
      Map<IpAddress, String> expected = new HashMap<>();
      stillHeld.forEach(h -> expected.put(h.address(), h.handle()));
      return expected;
    }
  }

  private final int nodes;
  private final int requestersPerNode;
  private final int operationsPerNode;

  /** Pods "exist" while their requester holds their address; the cluster view asks this. */
  private final Map<String, Boolean> livePods = new ConcurrentHashMap<>();

  NodeWorkload(int nodes, int requestersPerNode, int operationsPerNode) {
    this.nodes = nodes;
    this.requestersPerNode = requestersPerNode;
    this.operationsPerNode = operationsPerNode;
  }

  /** A cluster in which every node exists and a pod exists while its address is held. */
  ClusterView cluster() {
    return ClusterView.unlabelledNodes(
        (namespace, pod) -> livePods.containsKey(namespace + "/" + pod));
  }

  Outcome run(Datastore datastore, IpamConfigSource config, ConflictRetry retry) throws Exception {
    ClusterView cluster = cluster();
    Map<IpAddress, String> owners = new ConcurrentHashMap<>();
    List<String> duplicates = Collections.synchronizedList(new ArrayList<>());
    List<String> failures = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger assignments = new AtomicInteger();
    ExecutorService threads = Executors.newFixedThreadPool(nodes * requestersPerNode);
    List<Future<List<Held>>> requesters = new ArrayList<>();
    try {
      for (int n = 0; n < nodes; n++) {
        String node = "node-" + n;
        IpamAllocator agent = new IpamAllocator(datastore, cluster, config, retry);
        for (int r = 0; r < requestersPerNode; r++) {
          String requester = node + "-r" + r;
          requesters.add(
              threads.submit(
                  () -> {
                    Random random = new Random(requester.hashCode());
                    List<Held> held = new ArrayList<>();
                    for (int op = 0; op < operationsPerNode / requestersPerNode; op++) {
                      try {
                        if (held.isEmpty() || random.nextInt(100) < 65) {
                          String pod = requester + "-pod-" + op;
                          String handle = "tabby-net." + pod;
                          livePods.put("default/" + pod, true);
                          Assignment a =
                              agent.assign(AssignRequest.ipv4(handle, node, "default", pod)).get(0);
                          String before = owners.putIfAbsent(a.address(), handle);
                          if (before != null) {
                            duplicates.add(a.address() + " given to " + handle + " and " + before);
                          }
                          assignments.incrementAndGet();
                          held.add(new Held(handle, pod, a.address(), a.sequenceNumber()));
                        } else {
                          Held h = held.remove(random.nextInt(held.size()));
                          // Forget it before releasing: once released another node may take it.
                          owners.remove(h.address(), h.handle());
                          livePods.remove("default/" + h.pod());
                          IpamFixture.releaseEitherWay(
                              agent, h.handle(), h.address(), h.sequence(), random);
                        }
                      } catch (RuntimeException | AssertionError e) {
                        failures.add(requester + " op " + op + ": " + e.getMessage());
                      }
                    }
                    return held;
                  }));
        }
      }
      List<Held> stillHeld = new ArrayList<>();
      for (Future<List<Held>> requester : requesters) {
        stillHeld.addAll(requester.get(5, TimeUnit.MINUTES));
      }
      return new Outcome(assignments.get(), duplicates, failures, stillHeld);
    } finally {
      threads.shutdownNow();
    }
  }
}
