package dev.tabby.ipam;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabby.api.v1.AllocationOwner;
import dev.tabby.api.v1.IPAMBlockSpec;
import dev.tabby.ipam.BlockAllocations.ReleaseOutcome;
import dev.tabby.net.IpAddress;
import dev.tabby.net.IpPrefix;
import org.junit.jupiter.api.Test;

class BlockAllocationsTest {
  private final AllocationOwner owner = new AllocationOwner("pod-a", "default", "node-1");
  private final IPAMBlockSpec spec =
      BlockAllocations.newBlock(IpPrefix.parse("10.0.0.0/30"), "node-1");
  private final BlockAllocations block = new BlockAllocations(spec);

  @Test
  void newBlockIsAffineAndFree() {
    assertThat(BlockAllocations.affineNode(spec)).isEqualTo("node-1");
    assertThat(block.isEmpty()).isTrue();
    assertThat(spec.getUnallocated()).containsExactly(0, 1, 2, 3);
    assertThat(block.problems()).isEmpty();
  }

  @Test
  void assignsInOrderSkippingUnusableOrdinalsUntilFull() {
    var first = block.assign("h1", owner, o -> o != 0).orElseThrow();
    assertThat(first.address()).hasToString("10.0.0.1");
    assertThat(first.sequenceNumber()).isEqualTo(1);
    assertThat(block.assign("h1", owner, o -> true).orElseThrow().address())
        .hasToString("10.0.0.0");
    block.assign("h2", owner, o -> true).orElseThrow();
    block.assign("h3", owner, o -> true).orElseThrow();
    assertThat(block.assign("h4", owner, o -> true)).isEmpty();
    assertThat(spec.getAttributes()).hasSize(3); // h1's two addresses share one attribute
    assertThat(block.addressesOf("h1"))
        .extracting(IpAddress::toString)
        .containsExactlyInAnyOrder("10.0.0.0", "10.0.0.1");
    assertThat(block.problems()).isEmpty();
  }

  @Test
  void releaseIsExactlyOnceAndRejectsStaleSequenceNumbers() {
    var a = block.assign("h1", owner, o -> true).orElseThrow();
    assertThat(block.release(a.address(), a.sequenceNumber())).isEqualTo(ReleaseOutcome.RELEASED);
    assertThat(block.release(a.address(), a.sequenceNumber()))
        .isEqualTo(ReleaseOutcome.NOT_ALLOCATED);
    // Fill the block so the same address is handed out again, to another handle.
    for (int i = 0; i < 4; i++) {
      block.assign("h2", owner, o -> true).orElseThrow();
    }
    assertThat(block.release(a.address(), a.sequenceNumber())).isEqualTo(ReleaseOutcome.STALE);
    assertThat(block.allocatedCount()).isEqualTo(4);
    assertThat(block.release(a.address(), null)).isEqualTo(ReleaseOutcome.RELEASED);
    assertThat(block.problems()).isEmpty();
  }

  @Test
  void releasingCompactsAttributes() {
    var a = block.assign("h1", owner, o -> true).orElseThrow();
    var b = block.assign("h2", owner, o -> true).orElseThrow();
    block.release(a.address(), null);
    assertThat(spec.getAttributes()).hasSize(1);
    assertThat(block.allocations().get(b.address()).handleId()).isEqualTo("h2");
    assertThat(block.problems()).isEmpty();
  }

  @Test
  void reportsImpossibleStates() {
    spec.getAllocations().put("1", 0);
    assertThat(block.problems())
        .contains(
            "ordinal 1 points at missing attribute 0",
            "ordinal 1 is allocated without a sequence number",
            "ordinal 1 is both allocated and free");
  }
}
