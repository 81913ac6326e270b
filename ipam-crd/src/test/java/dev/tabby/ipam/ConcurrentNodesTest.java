package dev.tabby.ipam;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabby.ipam.net.IpAddress;
import dev.tabby.ipam.store.ConflictRetry;
import dev.tabby.ipam.store.Datastore;
import dev.tabby.ipam.v1.BlockAffinity;
import dev.tabby.ipam.v1.IPAMBlock;
import dev.tabby.ipam.v1.IPAMHandle;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Twenty node agents assign and release at once against one API server, each serving several
 * requesters at once (so their requests batch), with a share of their writes made to conflict.
 * Afterwards no address may have been handed out twice, the datastore must agree exactly with what
 * the agents hold, and the consistency check must be clean.
 */
// Plain HTTP: TLS on both ends of one local connection only costs time here.
@EnableKubernetesMockClient(crud = true, https = false)
class ConcurrentNodesTest {
  private static final int NODES = 20;
  private static final int OPERATIONS_PER_NODE = Integer.getInteger("tabby.ipam.test.ops", 160);
  private static final int REQUESTERS_PER_NODE = 4;

  private static final Logger log = LoggerFactory.getLogger(ConcurrentNodesTest.class);

  KubernetesClient client;

  /** One live assignment as its agent remembers it. */
  private record Held(
      String handle, String namespace, String pod, IpAddress address, long sequence) {}

  @Test
  void twentyNodesAssignAndReleaseConcurrentlyWithoutDuplicates() throws Exception {
    IpamFixture fx = new IpamFixture(client);
    fx.pool("main", "10.244.0.0/16", 26);
    Datastore direct = fx.datastore;
    var blockConflicts = new ConflictInjector<IPAMBlock>(direct.blocks(), 0.05);
    var handleConflicts = new ConflictInjector<IPAMHandle>(direct.handles(), 0.05);
    var affinityConflicts = new ConflictInjector<BlockAffinity>(direct.affinities(), 0.05);
    var blocks = new HookedStore<>(direct.blocks());
    var handles = new HookedStore<>(direct.handles());
    var affinities = new HookedStore<>(direct.affinities());
    blocks.beforeUpdate(blockConflicts);
    handles.beforeUpdate(handleConflicts);
    affinities.beforeUpdate(affinityConflicts);
    Datastore conflicted =
        new Datastore(
            direct.pools(), blocks, affinities, handles, direct.configs(), direct.reservations());
    // Pods "exist" while the test holds their address; the check asks this view.
    Map<String, Held> livePods = new ConcurrentHashMap<>();
    ClusterView cluster =
        ClusterView.unlabelledNodes(
            (namespace, pod) -> livePods.containsKey(namespace + "/" + pod));
    Map<IpAddress, String> owners = new ConcurrentHashMap<>();
    List<String> duplicates = new ArrayList<>();
    AtomicInteger assignments = new AtomicInteger();
    ConflictRetry retry = IpamFixture.quickRetry();

    WatchedIpamConfig config = new WatchedIpamConfig(client);
    ExecutorService pool = Executors.newFixedThreadPool(NODES * REQUESTERS_PER_NODE);
    List<Future<List<Held>>> agents = new ArrayList<>();
    for (int n = 0; n < NODES; n++) {
      String node = "node-" + n;
      IpamAllocator agent = new IpamAllocator(conflicted, cluster, config, retry);
      for (int r = 0; r < REQUESTERS_PER_NODE; r++) {
        String requester = node + "-r" + r;
        Random random = new Random(requester.hashCode());
        agents.add(
            pool.submit(
                () -> {
                  List<Held> held = new ArrayList<>();
                  for (int op = 0; op < OPERATIONS_PER_NODE / REQUESTERS_PER_NODE; op++) {
                    if (held.isEmpty() || random.nextInt(100) < 65) {
                      String pod = requester + "-pod-" + op;
                      String handle = "tabby-net." + pod;
                      livePods.put("default/" + pod, new Held(handle, "default", pod, null, 0));
                      Assignment a =
                          agent.assign(AssignRequest.ipv4(handle, node, "default", pod)).get(0);
                      if (owners.putIfAbsent(a.address(), handle) != null) {
                        synchronized (duplicates) {
                          duplicates.add(
                              a.address()
                                  + " given to "
                                  + handle
                                  + " and "
                                  + owners.get(a.address()));
                        }
                      }
                      assignments.incrementAndGet();
                      held.add(new Held(handle, "default", pod, a.address(), a.sequenceNumber()));
                    } else {
                      Held h = held.remove(random.nextInt(held.size()));
                      // Forget it before releasing: once released another node may take it.
                      owners.remove(h.address());
                      livePods.remove("default/" + h.pod());
                      IpamFixture.releaseEitherWay(
                          agent, h.handle(), h.address(), h.sequence(), random);
                    }
                  }
                  return held;
                }));
      }
    }
    pool.shutdown();
    List<Held> stillHeld = new ArrayList<>();
    for (Future<List<Held>> agent : agents) {
      stillHeld.addAll(agent.get(5, TimeUnit.MINUTES));
    }
    config.close();

    log.info(
        "{} assignments, {} conflicts injected, {} retried",
        assignments.get(),
        blockConflicts.injected() + handleConflicts.injected() + affinityConflicts.injected(),
        retry.conflictsRetried());
    assertThat(duplicates).as("addresses assigned twice").isEmpty();
    assertThat(assignments.get()).isGreaterThan(NODES * OPERATIONS_PER_NODE / 2);
    Map<IpAddress, String> inDatastore = fx.storedAllocations();
    Map<IpAddress, String> expected = new java.util.HashMap<>();
    stillHeld.forEach(h -> expected.put(h.address(), h.handle()));
    assertThat(inDatastore).isEqualTo(expected);
    IpamReport report = new IpamChecker(direct, cluster).check();
    assertThat(report.isClean()).as(report.toString()).isTrue();
    assertThat(
            blockConflicts.injected() + handleConflicts.injected() + affinityConflicts.injected())
        .as("conflicts injected")
        .isPositive();
    assertThat(retry.conflictsRetried()).as("conflicts retried").isPositive();
  }
}
