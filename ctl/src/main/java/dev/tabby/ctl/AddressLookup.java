package dev.tabby.ctl;

import dev.tabby.api.v1.AllocationOwner;
import dev.tabby.ipam.BlockAllocations.Allocation;
import dev.tabby.net.IpAddress;
import dev.tabby.net.IpPrefix;
import java.util.Optional;

/**
 * Where an address stands in IPAM.
 *
 * @param pool the pool whose CIDR covers it; empty when it lies outside every pool
 * @param block the block that holds it; empty when no node has claimed that part of the pool
 * @param blockNode the node the block is affine to
 * @param allocation its assignment; empty when it is free
 */
record AddressLookup(
    IpAddress address,
    Optional<String> pool,
    Optional<IpPrefix> block,
    Optional<String> blockNode,
    Optional<Allocation> allocation) {

  /** "NAMESPACE/NAME" of the pod the address was assigned to, or empty if it records none. */
  Optional<String> pod() {
    return allocation
        .map(Allocation::owner)
        .filter(owner -> owner.getPod() != null)
        .map(owner -> owner.getNamespace() + "/" + owner.getPod());
  }

  /** The node the address was assigned on (its pod's node), or empty. */
  Optional<String> podNode() {
    return allocation.map(Allocation::owner).map(AllocationOwner::getNode);
  }

  /** One sentence for an address nobody holds: free in a block, in a pool, or outside them all. */
  String whyNotAllocated() {
    if (pool.isEmpty() && block.isEmpty()) {
      return address + " is outside every IPPool";
    }
    if (block.isEmpty()) {
      return address + " is free: IPPool " + pool.get() + ", in no block yet";
    }
    return address
        + " is free: "
        + pool.map(p -> "IPPool " + p + ", ").orElse("")
        + "block "
        + block.get()
        + blockNode.map(n -> " (node " + n + ")").orElse(" (no node)");
  }
}
