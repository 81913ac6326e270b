package dev.tabby.node;

import dev.tabby.api.v1.IPAMBlock;
import dev.tabby.api.v1.IPAMBlockSpec;
import dev.tabby.ipam.BlockAllocations;
import dev.tabby.net.IpPrefix;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

/**
 * The addresses this node assigned from blocks it does not hold (Calico's "borrowing", when the
 * node could claim no block of its own): nobody else announces a route to them, so the node
 * announces each as a host route (/32, /128); the longest match wins over the block's owner's route
 * everywhere. One disappears when its address is released.
 */
public final class BorrowedAddresses {

  private BorrowedAddresses() {}

  /** The host prefixes of the addresses assigned on {@code node} in blocks not affine to it. */
  public static Set<IpPrefix> of(String node, Collection<IPAMBlock> blocks) {
    Set<IpPrefix> borrowed = new TreeSet<>();
    for (IPAMBlock block : blocks) {
      IPAMBlockSpec spec = block.getSpec();
      if (spec == null
          || spec.getCidr() == null
          || node.equals(BlockAllocations.affineNode(spec))) {
        continue;
      }
      BlockAllocations allocations;
      try {
        allocations = new BlockAllocations(spec);
      } catch (IllegalArgumentException e) {
        continue; // an unreadable block gives no routes; the IPAM consistency check reports it
      }
      allocations.allocations().values().stream()
          .filter(a -> a.owner() != null && node.equals(a.owner().getNode()))
          .forEach(a -> borrowed.add(IpPrefix.host(a.address())));
    }
    return borrowed;
  }
}
