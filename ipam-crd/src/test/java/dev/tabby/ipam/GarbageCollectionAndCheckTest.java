package dev.tabby.ipam;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabby.api.v1.AffinityState;
import dev.tabby.api.v1.BlockAffinity;
import dev.tabby.api.v1.IPAMBlock;
import dev.tabby.api.v1.IPAMHandle;
import dev.tabby.api.v1.IPAMHandleSpec;
import dev.tabby.net.IpAddress;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class GarbageCollectionAndCheckTest {
  private static final Duration GRACE = Duration.ofMinutes(15);

  @RegisterExtension final MockApiServer api = new MockApiServer();
  final KubernetesClient client = api.client();
  final KubernetesMockServer server = api.server();
  IpamFixture fx;
  IpamAllocator ipam;
  MutableClock clock = new MutableClock();
  IpamGarbageCollector gc;
  IpamChecker checker;

  @BeforeEach
  void setUp() {
    fx = new IpamFixture(client);
    ipam = fx.allocator();
    gc =
        new IpamGarbageCollector(
            fx.datastore,
            fx.cluster,
            ipam,
            new BlockReleaser(fx.datastore, IpamFixture.quickRetry()),
            clock,
            GRACE);
    checker = new IpamChecker(fx.datastore, fx.cluster);
    fx.pool("main", "10.244.0.0/16", 26);
    fx.node("node-a");
  }

  private IpAddress assign(String pod, String node) {
    fx.pod("default", pod);
    return ipam.assign(AssignRequest.ipv4("net." + pod, node, "default", pod)).get(0).address();
  }

  @Test
  void leakedAddressIsReleasedOnlyAfterTheGracePeriod() {
    IpAddress kept = assign("kept", "node-a");
    IpAddress leaked = assign("gone", "node-a");
    fx.deletePod("default", "gone");
    assertThat(checker.check().allocatedButUnused())
        .containsExactly(
            leaked + " (handle net.gone) belongs to pod default/gone, which no longer exists");

    assertThat(gc.runOnce().releasedAddresses()).isEmpty();
    clock.advance(GRACE.minusSeconds(1));
    assertThat(gc.runOnce().releasedAddresses()).isEmpty();
    clock.advance(Duration.ofSeconds(1));
    assertThat(gc.runOnce().releasedAddresses()).containsExactly(leaked);
    assertThat(fx.datastore.handles().get("net.gone")).isEmpty();
    assertThat(checker.check().isClean()).as(checker.check().toString()).isTrue();
    assertThat(ipam.releaseByHandle("net.kept")).containsExactly(kept);
  }

  @Test
  void aPodThatReappearsWithinTheGracePeriodKeepsItsAddress() {
    IpAddress address = assign("flaky", "node-a");
    fx.deletePod("default", "flaky");
    gc.runOnce();
    fx.pod("default", "flaky");
    clock.advance(GRACE.multipliedBy(2));
    assertThat(gc.runOnce().releasedAddresses()).isEmpty();
    assertThat(ipam.releaseByHandle("net.flaky")).containsExactly(address);
  }

  @Test
  void emptyBlocksAreReleasedAfterTheGracePeriod() {
    assign("p1", "node-a");
    ipam.releaseByHandle("net.p1");
    assertThat(gc.runOnce().releasedBlocks()).isEmpty();
    clock.advance(GRACE);
    assertThat(gc.runOnce().releasedBlocks()).hasSize(1);
    assertThat(fx.datastore.blocks().list()).isEmpty();
    assertThat(fx.datastore.affinities().list()).isEmpty();
    // The node claims a block again when it next needs one.
    assign("p2", "node-a");
    assertThat(checker.check().isClean()).isTrue();
  }

  @Test
  void aDeletedNodesAddressesAndBlocksAreCollectedAfterTheGracePeriod() {
    IpAddress address = assign("p1", "node-a");
    fx.deleteNode("node-a");
    gc.runOnce();
    clock.advance(GRACE.minusSeconds(1));
    gc.runOnce();
    assertThat(fx.datastore.affinities().list())
        .as("affinities within the grace period")
        .hasSize(1);
    assertThat(fx.datastore.blocks().list().get(0).getSpec().getAffinity())
        .isEqualTo("host:node-a");
    clock.advance(Duration.ofSeconds(1));
    // The node's affinity goes; its block keeps the address, unaffine, until the address goes.
    assertThat(gc.runOnce().releasedAddresses()).containsExactly(address);
    assertThat(fx.datastore.affinities().list()).isEmpty();
    IPAMBlock block = fx.datastore.blocks().list().get(0);
    assertThat(block.getSpec().getAffinity()).isNull();
    clock.advance(GRACE);
    assertThat(gc.runOnce().releasedBlocks()).hasSize(1);
    assertThat(fx.datastore.blocks().list()).isEmpty();
    assertThat(fx.datastore.handles().list()).isEmpty();
  }

  @Test
  void aNodeThatReturnsWithinTheGracePeriodKeepsItsBlocks() {
    assign("p1", "node-a");
    fx.deleteNode("node-a");
    gc.runOnce();
    fx.node("node-a");
    clock.advance(GRACE.multipliedBy(2));
    gc.runOnce();
    assertThat(fx.datastore.affinities().list()).hasSize(1);
  }

  @Test
  void aPodRecreatedUnderTheSameNameDoesNotKeepTheOldAddressAlive() {
    fx.pod("default", "web");
    String uid1 = fx.podUid("default", "web");
    IpAddress old =
        ipam.assign(AssignRequest.ipv4("net.c1", "node-a", "default", "web").withPodUid(uid1))
            .get(0)
            .address();
    fx.deletePod("default", "web");
    fx.pod("default", "web"); // the CNI DEL of the first pod never came
    String uid2 = fx.podUid("default", "web");
    assertThat(uid2).isNotEqualTo(uid1);
    IpAddress current =
        ipam.assign(AssignRequest.ipv4("net.c2", "node-a", "default", "web").withPodUid(uid2))
            .get(0)
            .address();
    assertThat(checker.check().allocatedButUnused())
        .containsExactly(
            old
                + " (handle net.c1) belongs to pod default/web with UID "
                + uid1
                + ", which no longer exists (the pod of that name now has UID "
                + uid2
                + ")");
    gc.runOnce();
    clock.advance(GRACE);
    assertThat(gc.runOnce().releasedAddresses()).containsExactly(old);
    assertThat(fx.storedAllocations()).containsOnlyKeys(current);
  }

  @Test
  void anAddressWithoutUidIsLeakedWhenThePodOfItsNameReportsOtherAddresses() {
    IpAddress first = assign("web", "node-a"); // requests of old agents record no UID
    IpAddress second =
        ipam.assign(AssignRequest.ipv4("net.again", "node-a", "default", "web")).get(0).address();
    fx.podAddresses("default", "web", second);
    assertThat(checker.check().allocatedButUnused())
        .containsExactly(
            first
                + " (handle net.web) belongs to pod default/web, which now has the addresses ["
                + second
                + "]");
    gc.runOnce();
    clock.advance(GRACE);
    assertThat(gc.runOnce().releasedAddresses()).containsExactly(first);
  }

  @Test
  void aRunAsksTheInformersCacheNotTheApiServerAboutEachAllocation() throws Exception {
    for (int i = 0; i < 30; i++) {
      assign("p" + i, "node-a");
    }
    try (WatchedClusterView view = WatchedClusterView.withPods(client)) {
      IpamGarbageCollector cached =
          new IpamGarbageCollector(
              fx.datastore,
              view,
              ipam,
              new BlockReleaser(fx.datastore, IpamFixture.quickRetry()),
              clock,
              GRACE);
      IpamFixture.requestsSince(server);
      assertThat(cached.runOnce().releasedAddresses()).isEmpty();
      List<String> requests = IpamFixture.requestsSince(server);
      assertThat(requests)
          .as("requests of one run over 30 live allocations")
          .noneMatch(r -> r.contains("/pods") || r.contains("/nodes"))
          .hasSizeLessThanOrEqualTo(2); // list the affinities and the blocks
    }
  }

  @Test
  void checkReportsEachKindOfInconsistency() {
    assign("p1", "node-a");
    IPAMHandle stray = new IPAMHandle();
    stray.setMetadata(new ObjectMetaBuilder().withName("stray").build());
    stray.setSpec(new IPAMHandleSpec("stray"));
    stray.getSpec().getBlock().put("10.244.0.0/26", 1);
    fx.datastore.handles().create(stray);
    BlockAffinity orphan =
        BlockClaimer.affinity(
            "node-a", dev.tabby.net.IpPrefix.parse("10.244.255.0/26"), AffinityState.confirmed);
    fx.datastore.affinities().create(orphan);
    IPAMBlock block = fx.datastore.blocks().list().get(0);
    block.getSpec().getUnallocated().remove(0);
    fx.datastore.blocks().update(block);

    IpamReport report = checker.check();
    assertThat(report.handleProblems()).containsExactly("handle stray holds no addresses");
    assertThat(report.affinitiesWithoutBlocks())
        .containsExactly("node node-a has a confirmed affinity for missing block 10.244.255.0/26");
    assertThat(report.impossibleBlocks())
        .anySatisfy(p -> assertThat(p).contains("ordinals are neither allocated nor free"));
    assertThat(report.allocatedButUnused()).isEmpty();
    assertThat(report.toString()).startsWith("IPAM is inconsistent:");
  }
}
