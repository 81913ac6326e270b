package dev.tabby.ipam;

import dev.tabby.api.v1.AffinityState;
import dev.tabby.api.v1.BlockAffinity;
import dev.tabby.api.v1.IPAMBlock;
import dev.tabby.ipam.store.Datastore;
import dev.tabby.net.IpAddress;
import dev.tabby.net.IpPrefix;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** Each node's confirmed blocks, as last listed; this allocator is their only claimer. */
final class OwnBlocks {
  private final Datastore datastore;
  private final BlockClaimer claimer;
  private final BlockReleaser releaser;
  private final Map<String, List<IpPrefix>> byNode = new ConcurrentHashMap<>();

  OwnBlocks(Datastore datastore, BlockClaimer claimer, BlockReleaser releaser) {
    this.datastore = datastore;
    this.claimer = claimer;
    this.releaser = releaser;
  }

  /** The node's blocks as last listed, listed now if never before. */
  List<IpPrefix> of(String node) {
    return byNode.computeIfAbsent(node, this::list);
  }

  /** The node's blocks listed afresh. */
  List<IpPrefix> relist(String node) {
    List<IpPrefix> blocks = list(node);
    byNode.put(node, blocks);
    return blocks;
  }

  void forget(String node) {
    byNode.remove(node);
  }

  /** The node known to hold the block, if any. */
  Optional<String> holderOf(IpPrefix block) {
    return byNode.entrySet().stream()
        .filter(e -> e.getValue().contains(block))
        .map(Map.Entry::getKey)
        .findFirst();
  }

  /** The block holding {@code address} among the blocks of every node, if one does. */
  Optional<IpPrefix> blockHolding(IpAddress address) {
    return byNode.values().stream()
        .flatMap(List::stream)
        .filter(block -> block.contains(address))
        .findFirst();
  }

  /**
   * The node's usable blocks. A pending affinity seen here was left by a claim that stopped
   * half-way (claims run in the node's lane, one at a time): confirm it if its block exists affine
   * to the node, else (no block, or another node won it) drop it.
   */
  private List<IpPrefix> list(String node) {
    List<IpPrefix> blocks = new ArrayList<>();
    for (BlockAffinity affinity : datastore.affinities().listWithLabel(Names.NODE_LABEL, node)) {
      if (affinity.getSpec().isDeleted() || !node.equals(affinity.getSpec().getNode())) {
        continue;
      }
      IpPrefix cidr = IpPrefix.parse(affinity.getSpec().getCidr());
      AffinityState state = affinity.getSpec().getState();
      if (state == AffinityState.pending) {
        Optional<IPAMBlock> block = datastore.blocks().get(Names.block(cidr));
        if (block.isPresent() && node.equals(BlockAllocations.affineNode(block.get().getSpec()))) {
          claimer.confirm(affinity.getMetadata().getName());
          state = AffinityState.confirmed;
        } else {
          releaser.deleteAffinity(node, cidr);
        }
      }
      if (state == AffinityState.confirmed) {
        blocks.add(cidr);
      }
    }
    blocks.sort(Comparator.naturalOrder());
    return new CopyOnWriteArrayList<>(blocks);
  }
}
