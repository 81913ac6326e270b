package dev.tabby.ipam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tabby.api.v1.AffinityState;
import dev.tabby.api.v1.BlockAffinity;
import dev.tabby.api.v1.IPAMBlock;
import dev.tabby.api.v1.IPPool;
import dev.tabby.ipam.BlockAllocations.ReleaseOutcome;
import dev.tabby.net.IpAddress;
import dev.tabby.net.IpFamily;
import dev.tabby.net.IpPrefix;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true, https = false)
class IpamAllocatorTest {
  KubernetesClient client;
  IpamFixture fx;
  IpamAllocator ipam;

  @BeforeEach
  void setUp() {
    fx = new IpamFixture(client);
    ipam = fx.allocator();
    fx.node("node-a");
    fx.node("node-b");
  }

  private IpAddress assign(String handle, String node) {
    return ipam.assign(AssignRequest.ipv4(handle, node, "default", handle)).get(0).address();
  }

  @Test
  void fillsTheNodesBlockThenClaimsAnotherWithATwoPhaseAffinity() {
    fx.pool("main", "10.244.0.0/24", 28);
    Set<IpAddress> seen = new HashSet<>();
    for (int i = 0; i < 20; i++) {
      assertThat(seen.add(assign("h" + i, "node-a"))).isTrue();
    }
    List<IPAMBlock> blocks = fx.datastore.blocks().list();
    assertThat(blocks).hasSize(2);
    assertThat(blocks)
        .allSatisfy(b -> assertThat(b.getSpec().getAffinity()).isEqualTo("host:node-a"));
    List<BlockAffinity> affinities = fx.datastore.affinities().list();
    assertThat(affinities)
        .extracting(a -> a.getSpec().getState())
        .containsOnly(AffinityState.confirmed)
        .hasSize(2);
    assertThat(fx.datastore.handles().get("h3").orElseThrow().getSpec().getBlock())
        .hasSize(1)
        .containsValue(1);
  }

  @Test
  void nodesClaimDifferentBlocksInNodeSpecificOrder() {
    fx.pool("main", "10.244.0.0/16", 26);
    IpAddress a = assign("ha", "node-a");
    IpAddress b = assign("hb", "node-b");
    assertThat(fx.datastore.blocks().list()).hasSize(2);
    assertThat(a.toBigInteger().shiftRight(6)).isNotEqualTo(b.toBigInteger().shiftRight(6));
  }

  @Test
  void anAddressFreedByAnotherWriterInAFullBlockIsFoundBeforeGivingUp() {
    fx.pool("tiny", "10.244.0.0/30", 30);
    fx.config(true, 0); // strict affinity: no borrowing, so only the node's own block can serve
    List<IpAddress> assigned = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      assigned.add(assign("h" + i, "node-a"));
    }
    // Another writer (the garbage collector, say) frees an address: this allocator's copy of the
    // block still shows it full.
    assertThat(fx.allocator().releaseByHandle("h2")).containsExactly(assigned.get(2));
    assertThat(assign("h4", "node-a")).isEqualTo(assigned.get(2));
  }

  @Test
  void exhaustionIsAClearError() {
    fx.pool("tiny", "10.244.0.0/30", 30);
    fx.config(true, 0);
    for (int i = 0; i < 4; i++) {
      assign("h" + i, "node-a");
    }
    assertThatThrownBy(() -> assign("h4", "node-a"))
        .isInstanceOf(AddressesExhaustedException.class)
        .hasMessage(
            "no free IPv4 address for pod default/h4 on node node-a in IPPools [tiny]: the node's 1"
                + " blocks are full, no free block is left to claim, and strictAffinity forbids"
                + " borrowing");
  }

  @Test
  void borrowsFromAnotherNodesBlockOnlyWithoutStrictAffinity() {
    fx.pool("tiny", "10.244.0.0/29", 30); // two blocks of four
    fx.config(false, 1);
    assign("a0", "node-a");
    assign("b0", "node-b");
    for (int i = 1; i < 4; i++) {
      assign("a" + i, "node-a");
    }
    IpAddress borrowed = assign("a4", "node-a");
    IPAMBlock nodeBBlock =
        fx.datastore.blocks().list().stream()
            .filter(b -> "host:node-b".equals(b.getSpec().getAffinity()))
            .findFirst()
            .orElseThrow();
    assertThat(new BlockAllocations(nodeBBlock.getSpec()).addressesOf("a4"))
        .containsExactly(borrowed);
  }

  @Test
  void strictAffinityForbidsBorrowingAndMaxBlocksPerHostIsRespected() {
    fx.pool("tiny", "10.244.0.0/29", 30);
    fx.config(true, 1);
    assign("b0", "node-b");
    for (int i = 0; i < 4; i++) {
      assign("a" + i, "node-a");
    }
    assertThatThrownBy(() -> assign("a4", "node-a"))
        .isInstanceOf(AddressesExhaustedException.class)
        .hasMessageContaining("it may claim no more blocks (maxBlocksPerHost 1")
        .hasMessageContaining("strictAffinity forbids borrowing");
  }

  @Test
  void ipv6AndDualStack() {
    fx.pool("v4", "10.244.0.0/16", null);
    fx.pool("v6", "fd00:10:244::/64", null);
    List<Assignment> both =
        ipam.assign(AssignRequest.dualStack("net.c1", "node-a", "default", "p1"));
    assertThat(both)
        .extracting(a -> a.address().family())
        .containsExactly(IpFamily.V4, IpFamily.V6);
    assertThat(both.get(0).block().length()).isEqualTo(26);
    assertThat(both.get(1).block().length()).isEqualTo(122);
    List<Assignment> v6 = ipam.assign(AssignRequest.ipv6("net.c2", "node-a", "default", "p2"));
    assertThat(v6.get(0).block()).isEqualTo(both.get(1).block());
    assertThat(ipam.releaseByHandle("net.c1"))
        .containsExactlyInAnyOrder(both.get(0).address(), both.get(1).address());
  }

  @Test
  void dualStackIsAllOrNothing() {
    fx.pool("v4", "10.244.0.0/16", null);
    assertThatThrownBy(
            () -> ipam.assign(AssignRequest.dualStack("net.c1", "node-a", "default", "p1")))
        .isInstanceOf(AddressesExhaustedException.class)
        .hasMessage("no IPv6 IPPool gives node node-a addresses: there is no IPv6 IPPool");
    assertThat(fx.datastore.handles().list()).isEmpty();
    IPAMBlock block = fx.datastore.blocks().list().get(0);
    assertThat(new BlockAllocations(block.getSpec()).isEmpty()).isTrue();
  }

  @Test
  void releaseIsExactlyOnce() {
    fx.pool("tiny", "10.244.0.0/30", 30);
    Assignment first = ipam.assign(AssignRequest.ipv4("h1", "node-a", "default", "p1")).get(0);
    assertThat(ipam.releaseByHandle("h1")).containsExactly(first.address());
    assertThat(ipam.releaseByHandle("h1")).isEmpty();
    assertThat(fx.datastore.handles().list()).isEmpty();
    // A freed address goes to the back of the queue; fill the block to get it again.
    Assignment again = null;
    for (int i = 0; i < 4; i++) {
      again = ipam.assign(AssignRequest.ipv4("h2", "node-a", "default", "p2")).get(0);
    }
    assertThat(again.address()).isEqualTo(first.address());
    assertThat(ipam.releaseAddress(first.address(), first.sequenceNumber()))
        .isEqualTo(ReleaseOutcome.STALE);
    assertThat(ipam.releaseAddress(again.address(), again.sequenceNumber()))
        .isEqualTo(ReleaseOutcome.RELEASED);
    assertThat(ipam.releaseAddress(again.address(), again.sequenceNumber()))
        .isEqualTo(ReleaseOutcome.NOT_ALLOCATED);
    assertThat(fx.datastore.handles().get("h2").orElseThrow().getSpec().getBlock())
        .containsExactly(Map.entry("10.244.0.0/30", 3));
  }

  @Test
  void disabledPoolsAndUnselectedNodesGetNoAddresses() {
    IPPool pool = fx.pool("main", "10.244.0.0/16", null);
    fx.pool("rack1", "10.245.0.0/16", null).getSpec();
    IPPool rack = fx.datastore.pools().get("rack1").orElseThrow();
    rack.getSpec().setNodeSelector("rack=r1");
    fx.datastore.pools().update(rack);
    fx.node("node-r1", Map.of("rack", "r1"));
    pool.getSpec().setDisabled(true);
    fx.datastore.pools().update(pool);
    assertThat(assign("h1", "node-r1").toString()).startsWith("10.245.");
    assertThatThrownBy(() -> assign("h2", "node-a"))
        .hasMessage(
            "no IPv4 IPPool gives node node-a addresses: IPPool main (10.244.0.0/16) is disabled;"
                + " IPPool rack1 (10.245.0.0/16) has nodeSelector rack=r1, which the node's labels"
                + " do not match");
  }

  @Test
  void reservedAddressesAreSkipped() {
    fx.pool("main", "10.244.0.0/24", 30);
    fx.reserve("gateways", "10.244.0.0/29", "10.244.0.9");
    List<String> got = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      got.add(assign("h" + i, "node-a").toString());
    }
    assertThat(got)
        .doesNotContain("10.244.0.9")
        .allSatisfy(a -> assertThat(a).doesNotStartWith("10.244.0.0"));
    assertThat(fx.datastore.blocks().list())
        .extracting(b -> b.getSpec().getCidr())
        .doesNotContain("10.244.0.0/30", "10.244.0.4/30");
  }

  @Test
  void deletedNodeLosesItsBlocksAndAffinities() {
    fx.pool("main", "10.244.0.0/24", 28);
    for (int i = 0; i < 17; i++) {
      assign("h" + i, "node-a"); // two blocks
    }
    for (int i = 0; i < 16; i++) {
      ipam.releaseByHandle("h" + i);
    }
    // One block is empty now (if the first block emptied) or both hold addresses; either way:
    fx.deleteNode("node-a");
    ipam.releaseNode("node-a");
    assertThat(fx.datastore.affinities().list()).isEmpty();
    assertThat(fx.datastore.blocks().list())
        .singleElement()
        .satisfies(b -> assertThat(b.getSpec().getAffinity()).isNull());
  }

  @Test
  void anAddressIsReleasedFromItsOwnBlockAfterThePoolsBlockSizeIsSet() {
    fx.pool("main", "10.244.0.0/16", null); // blocks of /26
    Assignment a = ipam.assign(AssignRequest.ipv4("h1", "node-a", "default", "p1")).get(0);
    // The CRD refuses this edit; an API server without the rule, or an older CRD, lets it through.
    IPPool pool = fx.datastore.pools().get("main").orElseThrow();
    pool.getSpec().setBlockSize(24);
    fx.datastore.pools().update(pool);

    IpamAllocator fresh = fx.allocator(); // knows no block yet: it must find the /26
    assertThat(fresh.releaseAddress(a.address(), a.sequenceNumber()))
        .isEqualTo(ReleaseOutcome.RELEASED);
    assertThat(fx.storedAllocations()).isEmpty();

    // A /24 cut now would overlap the /26: the other node claims one beside it instead.
    Assignment b = fresh.assign(AssignRequest.ipv4("h2", "node-b", "default", "p2")).get(0);
    assertThat(b.block().length()).isEqualTo(24);
    assertThat(b.block().overlaps(a.block())).isFalse();
  }

  @Test
  void aHalfFinishedClaimIsCompletedOrDroppedWhenTheNodeNextListsItsBlocks() {
    fx.pool("main", "10.244.0.0/24", 28);
    IpPrefix withBlock = IpPrefix.parse("10.244.0.16/28");
    IpPrefix withoutBlock = IpPrefix.parse("10.244.0.32/28");
    IpPrefix wonByOther = IpPrefix.parse("10.244.0.48/28");
    // Claims of node-a that stopped: after creating the block; before it; after losing it.
    affinity("node-a", withBlock, AffinityState.pending);
    createBlock(withBlock, "node-a");
    affinity("node-a", withoutBlock, AffinityState.pending);
    affinity("node-a", wonByOther, AffinityState.pending);
    createBlock(wonByOther, "node-b");
    affinity("node-b", wonByOther, AffinityState.confirmed);

    Assignment a = ipam.assign(AssignRequest.ipv4("h1", "node-a", "default", "p1")).get(0);

    assertThat(a.block()).as("the completed claim serves").isEqualTo(withBlock);
    assertThat(fx.datastore.affinities().list())
        .extracting(
            x -> x.getSpec().getNode() + " " + x.getSpec().getCidr() + " " + x.getSpec().getState())
        .containsExactlyInAnyOrder(
            "node-a 10.244.0.16/28 confirmed", "node-b 10.244.0.48/28 confirmed");
    assertThat(
            new IpamChecker(fx.datastore, ClusterView.unlabelledNodes((ns, p) -> true))
                .check()
                .isClean())
        .isTrue();
  }

  private void affinity(String node, IpPrefix cidr, AffinityState state) {
    fx.datastore.affinities().create(BlockClaimer.affinity(node, cidr, state));
  }

  private void createBlock(IpPrefix cidr, String node) {
    IPAMBlock block = new IPAMBlock();
    block.setMetadata(new ObjectMetaBuilder().withName(Names.block(cidr)).build());
    block.setSpec(BlockAllocations.newBlock(cidr, node));
    fx.datastore.blocks().create(block);
  }
}
