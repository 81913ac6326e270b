package dev.tabby.ctl;

import dev.tabby.api.v1.IPAMBlock;
import dev.tabby.api.v1.IPPool;
import dev.tabby.ipam.BlockAllocations;
import dev.tabby.ipam.BlockAllocations.Allocation;
import dev.tabby.ipam.pool.PoolScreen;
import dev.tabby.ipam.store.Datastore;
import dev.tabby.net.IpAddress;
import dev.tabby.net.IpPrefix;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * One read of the objects {@code tabbyctl ipam} reports on: the IPPools, the allocator's verdict on
 * them, and every IPAMBlock.
 */
final class IpamView {
  private final List<IPPool> pools;
  private final PoolScreen.Screened screened;
  private final List<IPAMBlock> blocks;

  private IpamView(List<IPPool> pools, List<IPAMBlock> blocks) {
    this.pools =
        pools.stream().sorted(Comparator.comparing(p -> p.getMetadata().getName())).toList();
    this.screened = PoolScreen.silent().screen(pools);
    this.blocks = blocks.stream().sorted(Comparator.comparing(IpamView::cidr)).toList();
  }

  /** Lists the pools and the blocks (two API requests). */
  static IpamView read(KubeOptions kube, Datastore datastore) {
    return kube.call(() -> new IpamView(datastore.pools().list(), datastore.blocks().list()));
  }

  /** Every pool, by name. */
  List<IPPool> pools() {
    return pools;
  }

  /**
   * Why the allocator ignores the pool (invalid, or overlapping an older one); empty if it uses it.
   */
  Optional<String> whyIgnored(IPPool pool) {
    return Optional.ofNullable(screened.ignored().get(pool.getMetadata().getName()));
  }

  /** Every block, by CIDR. */
  List<IPAMBlock> blocks() {
    return blocks;
  }

  /** The pool's CIDR, or empty if it has none that can be read. */
  static Optional<IpPrefix> cidr(IPPool pool) {
    return pool.getSpec() == null ? Optional.empty() : parseCidr(pool.getSpec().getCidr());
  }

  /** A CIDR as pools write it (host bits masked off), or empty if it cannot be read. */
  static Optional<IpPrefix> parseCidr(String cidr) {
    try {
      return cidr == null ? Optional.empty() : Optional.of(IpPrefix.parseAndMask(cidr));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /**
   * The block's allocations, or none if its bookkeeping is too broken to read ({@code ipam check}
   * reports it).
   */
  static Collection<Allocation> allocations(BlockAllocations block) {
    try {
      return block.allocations().values();
    } catch (RuntimeException e) {
      return List.of();
    }
  }

  static IpPrefix cidr(IPAMBlock block) {
    return IpPrefix.parse(block.getSpec().getCidr());
  }

  /** The blocks cut from the pool. */
  List<IPAMBlock> blocksOf(IPPool pool) {
    return cidr(pool)
        .map(c -> blocks.stream().filter(b -> c.contains(cidr(b))).toList())
        .orElse(List.of());
  }

  /** The name of the first pool (by name) whose CIDR covers the prefix, or empty. */
  Optional<String> poolCovering(IpPrefix prefix) {
    return pools.stream()
        .filter(p -> cidr(p).map(c -> c.contains(prefix)).orElse(false))
        .map(p -> p.getMetadata().getName())
        .findFirst();
  }

  /** Who holds {@code address}, or why nobody does. */
  AddressLookup lookup(IpAddress address) {
    Optional<String> pool = poolCovering(IpPrefix.host(address));
    for (IPAMBlock block : blocks) {
      BlockAllocations allocations = new BlockAllocations(block.getSpec());
      if (allocations.cidr().contains(address)) {
        return new AddressLookup(
            address,
            pool,
            Optional.of(allocations.cidr()),
            Optional.ofNullable(BlockAllocations.affineNode(block.getSpec())),
            allocations(allocations).stream().filter(a -> a.address().equals(address)).findFirst());
      }
    }
    return new AddressLookup(address, pool, Optional.empty(), Optional.empty(), Optional.empty());
  }
}
