package dev.tabby.ipam;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabby.ipam.store.ConflictRetry;
import dev.tabby.ipam.store.Datastore;
import dev.tabby.ipam.store.ResourceStore;
import dev.tabby.net.IpAddress;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Nodes that must share blocks: a /22 pool holds 16 blocks of /26, each node may claim one
 * (maxBlocksPerHost 1), and there are more nodes than blocks, so the nodes left without a block
 * borrow addresses from the others' blocks while their owners assign from them too. The conflicts
 * here are real ones between the agents, none injected. The companion test runs the same load with
 * compare-and-swap switched off and shows that it then hands out duplicates or loses assignments:
 * the guarded test passing means something.
 */
class ContendedBlocksTest {
  private static final int NODES = 24;
  private static final int REQUESTERS_PER_NODE = 3;
  private static final int OPERATIONS_PER_NODE = 60;

  /** Without compare-and-swap a shorter run already shows hundreds of duplicates. */
  private static final int UNGUARDED_OPERATIONS_PER_NODE = 24;

  private static final Logger log = LoggerFactory.getLogger(ContendedBlocksTest.class);

  @RegisterExtension final MockApiServer api = new MockApiServer();
  final KubernetesClient client = api.client();
  IpamFixture fx;

  @BeforeEach
  void setUp() {
    fx = new IpamFixture(client);
    fx.pool("small", "10.244.0.0/22", 26);
    fx.config(false, 1);
  }

  private NodeWorkload.Outcome run(Datastore datastore, NodeWorkload workload, ConflictRetry retry)
      throws Exception {
    try (WatchedIpamConfig config = new WatchedIpamConfig(client)) {
      return workload.run(datastore, config, retry);
    }
  }

  @Test
  void nodesSharingBlocksRetryRealConflictsAndNeverHandOutAnAddressTwice() throws Exception {
    ConflictRetry retry = IpamFixture.quickRetry();
    NodeWorkload workload = new NodeWorkload(NODES, REQUESTERS_PER_NODE, OPERATIONS_PER_NODE);
    NodeWorkload.Outcome outcome = run(fx.datastore, workload, retry);
    log.info(
        "contended: {} assignments, {} real conflicts retried",
        outcome.assignments(),
        retry.conflictsRetried());
    assertThat(outcome.failures()).as("failed operations").isEmpty();
    assertThat(outcome.duplicates()).as("addresses assigned twice").isEmpty();
    assertThat(retry.conflictsRetried()).as("real conflicts retried").isPositive();
    assertThat(fx.datastore.blocks().list()).as("every block claimed").hasSize(16);
    assertThat(fx.storedAllocations()).isEqualTo(outcome.expectedAllocations());
    IpamReport report = new IpamChecker(fx.datastore, workload.cluster()).check();
    assertThat(report.isClean()).as(report.toString()).isTrue();
  }

  /**
   * The store with compare-and-swap switched off: updates go without the resourceVersion they read,
   * so the API server applies them unconditionally and the last writer wins.
   */
  private static <T extends HasMetadata> ResourceStore<T> unguarded(ResourceStore<T> store) {
    HookedStore<T> hooked = new HookedStore<>(store);
    hooked.beforeUpdate(resource -> resource.getMetadata().setResourceVersion(null));
    return hooked;
  }

  @Test
  void withoutCompareAndSwapTheSameLoadHandsOutDuplicatesOrLosesAssignments() throws Exception {
    Datastore d = fx.datastore;
    Datastore unguarded =
        new Datastore(
            d.pools(),
            unguarded(d.blocks()),
            unguarded(d.affinities()),
            unguarded(d.handles()),
            d.configs(),
            d.reservations());
    ConflictRetry retry = IpamFixture.quickRetry();
    NodeWorkload.Outcome outcome =
        run(
            unguarded,
            new NodeWorkload(NODES, REQUESTERS_PER_NODE, UNGUARDED_OPERATIONS_PER_NODE),
            retry);
    Map<IpAddress, String> stored = fx.storedAllocations();
    long lost =
        outcome.expectedAllocations().entrySet().stream()
            .filter(e -> !e.getValue().equals(stored.get(e.getKey())))
            .count();
    log.info(
        "unguarded: {} assignments, {} duplicates, {} held addresses the datastore lost,"
            + " {} failed operations, {} conflicts retried",
        outcome.assignments(),
        outcome.duplicates().size(),
        lost,
        outcome.failures().size(),
        retry.conflictsRetried());
    assertThat(outcome.duplicates().size() + lost)
        .as("duplicates and lost assignments with compare-and-swap off")
        .isPositive();
  }
}
