package dev.tabby.ipam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.tabby.api.v1.AllocationOwner;
import dev.tabby.api.v1.IPAMBlock;
import dev.tabby.api.v1.IPAMHandle;
import dev.tabby.api.v1.IPAMHandleSpec;
import dev.tabby.ipam.BlockAllocations.ReleaseOutcome;
import dev.tabby.ipam.store.ConflictRetry;
import dev.tabby.ipam.store.Datastore;
import dev.tabby.net.IpAddress;
import dev.tabby.net.IpFamily;
import dev.tabby.testbench.Wait;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Requests for one node that arrive while a batch is being written are served together: one block
 * write for all of them, each still exactly once, and a failure of one leaves the others alone.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class NodeBatchingTest {
  private static final String NODE = "node-a";

  /** Every node and pod exists: the check then judges the bookkeeping alone. */
  private static final ClusterView EVERYTHING_EXISTS =
      ClusterView.unlabelledNodes((namespace, pod) -> true);

  KubernetesClient client;
  IpamFixture fx;
  HookedStore<IPAMBlock> blocks;
  HookedStore<IPAMHandle> handles;
  ConflictRetry retry;
  IpamAllocator ipam;
  ExecutorService threads;

  @BeforeEach
  void setUp() {
    fx = new IpamFixture(client);
    Datastore direct = fx.datastore;
    blocks = new HookedStore<>(direct.blocks());
    handles = new HookedStore<>(direct.handles());
    Datastore hooked =
        new Datastore(
            direct.pools(),
            blocks,
            direct.affinities(),
            handles,
            direct.configs(),
            direct.reservations());
    retry = IpamFixture.quickRetry();
    ipam = new IpamAllocator(hooked, EVERYTHING_EXISTS, retry);
    threads = Executors.newCachedThreadPool();
  }

  @AfterEach
  void tearDown() {
    threads.shutdownNow();
  }

  private static AssignRequest v4(int i) {
    return AssignRequest.ipv4("h" + i, NODE, "default", "p" + i);
  }

  /**
   * Starts request 0 and holds its block write until requests 1..followers all wait behind it, so
   * that they make one batch; {@code beforeBatchWrite} runs once, just before that batch's first
   * block write.
   *
   * @return the answers, request 0 first
   */
  private List<Future<List<Assignment>>> burst(
      int followers, IntFunction<AssignRequest> request, Consumer<IPAMBlock> beforeBatchWrite)
      throws InterruptedException {
    return burstOf(followers, i -> () -> ipam.assign(request.apply(i)), beforeBatchWrite);
  }

  /** {@link #burst} for any call into the allocator that writes a block. */
  private <T> List<Future<T>> burstOf(
      int followers, IntFunction<Callable<T>> call, Consumer<IPAMBlock> beforeBatchWrite)
      throws InterruptedException {
    CountDownLatch leaderWriting = new CountDownLatch(1);
    AtomicInteger writes = new AtomicInteger();
    blocks.beforeUpdate(
        block -> {
          int n = writes.incrementAndGet();
          if (n == 1) {
            leaderWriting.countDown();
            awaitWaiting(followers);
          } else if (n == 2) {
            beforeBatchWrite.accept(block);
          }
        });
    List<Future<T>> answers = new ArrayList<>();
    answers.add(threads.submit(call.apply(0)));
    assertThat(leaderWriting.await(20, TimeUnit.SECONDS))
        .as("the first call reached its block write within 20 s")
        .isTrue();
    for (int i = 1; i <= followers; i++) {
      answers.add(threads.submit(call.apply(i)));
    }
    return answers;
  }

  private void awaitWaiting(int expected) {
    Wait.until(
        expected + " requests waiting in the lane",
        Duration.ofSeconds(20),
        () -> ipam.waitingRequests(NODE),
        waiting -> waiting >= expected);
  }

  private static List<IpAddress> addresses(List<Future<List<Assignment>>> answers)
      throws Exception {
    List<IpAddress> all = new ArrayList<>();
    for (Future<List<Assignment>> a : answers) {
      a.get(30, TimeUnit.SECONDS).forEach(x -> all.add(x.address()));
    }
    return all;
  }

  private void assertConsistent() {
    IpamReport report = new IpamChecker(fx.datastore, EVERYTHING_EXISTS).check();
    assertThat(report.isClean()).as(report.toString()).isTrue();
  }

  @Test
  void requestsWaitingTogetherShareOneBlockWrite() throws Exception {
    fx.pool("main", "10.244.0.0/16", 26);
    List<IpAddress> assigned = addresses(burst(15, NodeBatchingTest::v4, b -> {}));
    assertThat(new HashSet<>(assigned)).as("distinct addresses").hasSize(16);
    assertThat(blocks.updates()).as("block writes: the first request, then the batch").isEqualTo(2);
    assertThat(handles.creates()).as("every request still gets its own handle").isEqualTo(16);
    assertConsistent();
  }

  @Test
  void aBatchThatFillsItsBlockSpillsIntoANewOne() throws Exception {
    fx.pool("main", "10.244.0.0/24", 28); // 16 addresses a block
    List<IpAddress> assigned = new ArrayList<>();
    for (int i = 100; i < 110; i++) {
      assigned.add(ipam.assign(v4(i)).get(0).address());
    }
    int before = blocks.updates();
    assigned.addAll(addresses(burst(12, NodeBatchingTest::v4, b -> {})));
    assertThat(new HashSet<>(assigned)).as("distinct addresses").hasSize(23);
    assertThat(fx.datastore.blocks().list())
        .as("the full block and the one the batch spilled into")
        .hasSize(2)
        .allSatisfy(b -> assertThat(b.getSpec().getAffinity()).isEqualTo("host:" + NODE));
    assertThat(blocks.updates() - before)
        .as("block writes: the first request, then one per block for the batch")
        .isEqualTo(3);
    assertConsistent();
  }

  @Test
  void aBatchThatLosesItsCompareAndSwapRetriesAndSpillsWhatNoLongerFits() throws Exception {
    fx.pool("main", "10.244.0.0/24", 28);
    // Another writer takes all but three free addresses just before the batch writes the block.
    List<IpAddress> assigned =
        addresses(burst(12, NodeBatchingTest::v4, block -> takeAllButThree(block)));
    List<IpAddress> intruder = new ArrayList<>();
    fx.datastore.blocks().list().stream()
        .map(b -> new BlockAllocations(b.getSpec()).addressesOf("intruder"))
        .forEach(intruder::addAll);
    assertThat(intruder).hasSize(12);
    Set<IpAddress> all = new HashSet<>(assigned);
    all.addAll(intruder);
    assertThat(all).as("distinct addresses").hasSize(25);
    assertThat(retry.conflictsRetried()).as("conflicts retried").isPositive();
    assertThat(fx.datastore.blocks().list()).hasSize(2);
    assertConsistent();
  }

  /** Allocates the block's free addresses but three to handle "intruder", as another node would. */
  private void takeAllButThree(IPAMBlock copy) {
    IPAMBlock stored = fx.datastore.blocks().get(copy.getMetadata().getName()).orElseThrow();
    BlockAllocations allocations = new BlockAllocations(stored.getSpec());
    int take = stored.getSpec().getUnallocated().size() - 3;
    AllocationOwner owner = new AllocationOwner("intruder", "default", "node-b");
    IPAMHandle handle = new IPAMHandle();
    handle.setMetadata(new ObjectMetaBuilder().withName("intruder").build());
    handle.setSpec(new IPAMHandleSpec("intruder"));
    handle.getSpec().getBlock().put(allocations.cidr().toString(), take);
    fx.datastore.handles().create(handle);
    for (int i = 0; i < take; i++) {
      allocations.assign("intruder", owner, ordinal -> true).orElseThrow();
    }
    fx.datastore.blocks().update(stored);
  }

  @Test
  void aRequestWhoseHandleCannotBeWrittenFailsAloneInItsBatch() throws Exception {
    fx.pool("main", "10.244.0.0/16", 26);
    handles.beforeCreate(
        h -> {
          if (h.getMetadata().getName().equals("h3")) {
            throw new KubernetesClientException("injected: the API server refused h3", 500, null);
          }
        });
    List<Future<List<Assignment>>> answers = burst(7, NodeBatchingTest::v4, b -> {});
    Future<List<Assignment>> bad = answers.remove(3);
    ExecutionException e =
        catchThrowableOfType(() -> bad.get(30, TimeUnit.SECONDS), ExecutionException.class);
    assertThat(e).as("h3 failed").isNotNull();
    assertThat(e.getCause()).hasMessageContaining("injected: the API server refused h3");
    assertThat(new HashSet<>(addresses(answers))).as("the others' addresses").hasSize(7);
    assertThat(fx.datastore.blocks().list())
        .allSatisfy(b -> assertThat(new BlockAllocations(b.getSpec()).addressesOf("h3")).isEmpty());
    assertConsistent();
  }

  @Test
  void dualStackRequestsThatFindNoIpv6AddressLeaveNoIpv4AddressBehind() throws Exception {
    fx.pool("v4", "10.244.0.0/24", 26);
    fx.pool("v6", "fd00::/126", 126); // one block of four addresses
    fx.config(true, 0); // strict affinity: nothing to borrow
    List<Future<List<Assignment>>> answers =
        burst(7, i -> AssignRequest.dualStack("h" + i, NODE, "default", "p" + i), b -> {});
    int served = 0;
    int exhausted = 0;
    for (Future<List<Assignment>> a : answers) {
      try {
        assertThat(a.get(30, TimeUnit.SECONDS))
            .extracting(x -> x.address().family())
            .containsExactly(IpFamily.V4, IpFamily.V6);
        served++;
      } catch (ExecutionException e) {
        assertThat(e.getCause()).isInstanceOf(AddressesExhaustedException.class);
        exhausted++;
      }
    }
    assertThat(served).isEqualTo(4);
    assertThat(exhausted).isEqualTo(4);
    int v4Allocated =
        fx.datastore.blocks().list().stream()
            .map(b -> new BlockAllocations(b.getSpec()))
            .filter(b -> b.cidr().family() == IpFamily.V4)
            .mapToInt(BlockAllocations::allocatedCount)
            .sum();
    assertThat(v4Allocated).as("IPv4 addresses left allocated").isEqualTo(4);
    assertThat(fx.datastore.handles().list()).hasSize(4);
    assertConsistent();
  }

  @Test
  void releasesWaitingTogetherShareOneBlockWrite() throws Exception {
    fx.pool("main", "10.244.0.0/16", 26);
    List<Assignment> assigned = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      assigned.add(ipam.assign(v4(i)).get(0));
    }
    int before = blocks.updates();
    // Half by handle, half by address and sequence number: both kinds batch.
    List<Future<Object>> answers =
        burstOf(
            11,
            i ->
                i % 2 == 0
                    ? () -> ipam.releaseByHandle("h" + i)
                    : () ->
                        ipam.releaseAddress(
                            assigned.get(i).address(), assigned.get(i).sequenceNumber()),
            b -> {});
    for (int i = 0; i < answers.size(); i++) {
      Object answer = answers.get(i).get(30, TimeUnit.SECONDS);
      if (i % 2 == 0) {
        assertThat(answer).isEqualTo(List.of(assigned.get(i).address()));
      } else {
        assertThat(answer).isEqualTo(ReleaseOutcome.RELEASED);
      }
    }
    assertThat(blocks.updates() - before)
        .as("block writes: the first release, then one per kind of release for the batch")
        .isEqualTo(3);
    assertThat(fx.storedAllocations()).isEmpty();
    assertThat(fx.datastore.handles().list())
        .as("handles released by address are counted down to nothing and deleted")
        .isEmpty();
    assertConsistent();
  }

  /** One live assignment as its requester remembers it. */
  private record Held(String handle, IpAddress address, long sequence) {}

  @Test
  void mixedAssignAndReleaseBurstsOnOneNodeStayExact() throws Exception {
    fx.pool("main", "10.244.0.0/24", 28);
    int requesters = 12;
    int operations = 25;
    List<Future<List<Held>>> results = new ArrayList<>();
    for (int t = 0; t < requesters; t++) {
      int id = t;
      results.add(
          threads.submit(
              () -> {
                Random random = new Random(id);
                List<Held> held = new ArrayList<>();
                for (int op = 0; op < operations; op++) {
                  if (held.isEmpty() || random.nextInt(100) < 60) {
                    String handle = "h" + id + "-" + op;
                    Assignment a =
                        ipam.assign(AssignRequest.ipv4(handle, NODE, "default", handle)).get(0);
                    held.add(new Held(handle, a.address(), a.sequenceNumber()));
                  } else {
                    Held h = held.remove(random.nextInt(held.size()));
                    IpamFixture.releaseEitherWay(
                        ipam, h.handle(), h.address(), h.sequence(), random);
                  }
                }
                return held;
              }));
    }
    Map<IpAddress, String> expected = new HashMap<>();
    for (Future<List<Held>> r : results) {
      for (Held h : r.get(60, TimeUnit.SECONDS)) {
        assertThat(expected.put(h.address(), h.handle())).as("held twice: " + h).isNull();
      }
    }
    Map<IpAddress, String> stored = fx.storedAllocations();
    assertThat(stored).isEqualTo(expected);
    assertConsistent();
  }
}
