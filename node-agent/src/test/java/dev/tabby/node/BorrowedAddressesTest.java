package dev.tabby.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabby.api.v1.AllocationOwner;
import dev.tabby.api.v1.IPAMBlock;
import dev.tabby.api.v1.IPAMBlockSpec;
import dev.tabby.ipam.BlockAllocations;
import dev.tabby.net.IpPrefix;
import java.util.List;
import org.junit.jupiter.api.Test;

class BorrowedAddressesTest {

  @Test
  void addressesAssignedOnThisNodeInBlocksItDoesNotHoldAreHostRoutes() {
    IPAMBlock others = block("10.244.1.0/26", "n2");
    assign(others, "pod-a", "n1");
    assign(others, "pod-b", "n2");
    IPAMBlock unowned = block("fd00:244::/122", null);
    assign(unowned, "pod-c", "n1");
    IPAMBlock mine = block("10.244.0.0/26", "n1");
    assign(mine, "pod-d", "n1");

    assertThat(BorrowedAddresses.of("n1", List.of(others, unowned, mine)))
        .containsExactly(IpPrefix.parse("10.244.1.0/32"), IpPrefix.parse("fd00:244::/128"));
    assertThat(BorrowedAddresses.of("n2", List.of(others, unowned, mine))).isEmpty();
  }

  @Test
  void aReleasedAddressIsNoLongerBorrowed() {
    IPAMBlock others = block("10.244.1.0/26", "n2");
    var assigned = assign(others, "pod-a", "n1");

    new BlockAllocations(others.getSpec()).release(assigned.address(), null);

    assertThat(BorrowedAddresses.of("n1", List.of(others))).isEmpty();
  }

  private static IPAMBlock block(String cidr, String node) {
    IPAMBlock block = new IPAMBlock();
    block.getMetadata().setName(cidr.replace('/', '-'));
    block.setSpec(BlockAllocations.newBlock(IpPrefix.parse(cidr), node));
    return block;
  }

  private static BlockAllocations.Assigned assign(IPAMBlock block, String pod, String node) {
    IPAMBlockSpec spec = block.getSpec();
    return new BlockAllocations(spec)
        .assign("handle-" + pod, new AllocationOwner(pod, "default", node), ordinal -> true)
        .orElseThrow();
  }
}
