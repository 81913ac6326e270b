package dev.tabby.ipam;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabby.api.v1.BlockAffinity;
import dev.tabby.api.v1.IPAMBlock;
import dev.tabby.api.v1.IPAMHandle;
import dev.tabby.ipam.store.ConflictRetry;
import dev.tabby.ipam.store.Datastore;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Twenty node agents assign and release at once against one API server, each serving several
 * requesters at once (so their requests batch), with a share of their writes made to conflict.
 * Afterwards no address may have been handed out twice, the datastore must agree exactly with what
 * the agents hold, and the consistency check must be clean. Nodes here rarely share a block; {@link
 * ContendedBlocksTest} makes them.
 */
// Plain HTTP: TLS on both ends of one local connection only costs time here.
class ConcurrentNodesTest {
  private static final int NODES = 20;
  private static final int OPERATIONS_PER_NODE = Integer.getInteger("tabby.ipam.test.ops", 160);
  private static final int REQUESTERS_PER_NODE = 4;

  private static final Logger log = LoggerFactory.getLogger(ConcurrentNodesTest.class);

  @RegisterExtension final MockApiServer api = new MockApiServer();
  final KubernetesClient client = api.client();

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
    ConflictRetry retry = IpamFixture.quickRetry();
    NodeWorkload workload = new NodeWorkload(NODES, REQUESTERS_PER_NODE, OPERATIONS_PER_NODE);

    NodeWorkload.Outcome outcome;
    try (WatchedIpamConfig config = new WatchedIpamConfig(client)) {
      outcome = workload.run(conflicted, config, retry);
    }

    long injected =
        blockConflicts.injected() + handleConflicts.injected() + affinityConflicts.injected();
    log.info(
        "{} assignments, {} conflicts injected, {} retried",
        outcome.assignments(),
        injected,
        retry.conflictsRetried());
    assertThat(outcome.failures()).as("failed operations").isEmpty();
    assertThat(outcome.duplicates()).as("addresses assigned twice").isEmpty();
    assertThat(outcome.assignments()).isGreaterThan(NODES * OPERATIONS_PER_NODE / 2);
    assertThat(fx.storedAllocations()).isEqualTo(outcome.expectedAllocations());
    IpamReport report = new IpamChecker(direct, workload.cluster()).check();
    assertThat(report.isClean()).as(report.toString()).isTrue();
    assertThat(injected).as("conflicts injected").isPositive();
    assertThat(retry.conflictsRetried()).as("conflicts retried").isPositive();
  }
}
