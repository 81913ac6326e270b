package dev.tabby.ipam;

import dev.tabby.api.v1.AffinityState;
import dev.tabby.api.v1.BlockAffinity;
import dev.tabby.api.v1.BlockAffinitySpec;
import dev.tabby.api.v1.IPAMBlock;
import dev.tabby.ipam.pool.Pool;
import dev.tabby.ipam.store.ConflictException;
import dev.tabby.ipam.store.ConflictRetry;
import dev.tabby.ipam.store.Datastore;
import dev.tabby.net.IpPrefix;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Claims a free block for a node in two phases: a pending BlockAffinity announces the intent, the
 * block is created affine to the node (the creation is the compare-and-swap that decides between
 * racing nodes), and the affinity is confirmed.
 */
final class BlockClaimer {
  private static final Logger log = LoggerFactory.getLogger(BlockClaimer.class);

  private final Datastore datastore;
  private final ConflictRetry retry;

  BlockClaimer(Datastore datastore, ConflictRetry retry) {
    this.datastore = datastore;
    this.retry = retry;
  }

  /**
   * Claims a block from the first pool that has a free one; empty if all are taken. A block that
   * overlaps an existing block of another size (cut when the pool had another block size) is never
   * claimed.
   */
  Optional<IpPrefix> claim(String node, List<Pool> pools, Reservations reservations) {
    List<IpPrefix> existing =
        datastore.blocks().list().stream().map(b -> IpPrefix.parse(b.getSpec().getCidr())).toList();
    Set<String> taken = existing.stream().map(Names::block).collect(Collectors.toSet());
    for (Pool pool : pools) {
      for (Iterator<IpPrefix> order = new BlockOrder(pool, node); order.hasNext(); ) {
        IpPrefix cidr = order.next();
        if (taken.contains(Names.block(cidr))
            || reservations.coversAll(cidr)
            || existing.stream().anyMatch(cidr::overlaps)) {
          continue;
        }
        if (tryClaim(node, cidr)) {
          return Optional.of(cidr);
        }
        taken.add(Names.block(cidr));
      }
    }
    return Optional.empty();
  }

  private boolean tryClaim(String node, IpPrefix cidr) {
    String affinityName = Names.affinity(node, cidr);
    try {
      datastore.affinities().create(affinity(node, cidr, AffinityState.pending));
    } catch (ConflictException e) {
      // Left by an earlier claim of this node that stopped half-way: carry on with it.
    }
    try {
      datastore.blocks().create(block(cidr, node));
    } catch (ConflictException e) {
      log.debug("node {} lost block {} to another node", node, cidr);
      datastore.affinities().delete(affinityName);
      return false;
    }
    confirm(affinityName);
    log.info("node {} claimed block {}", node, cidr);
    return true;
  }

  /** Moves a pending affinity whose block exists to confirmed. */
  void confirm(String affinityName) {
    retry.run(
        "confirming BlockAffinity " + affinityName,
        () -> {
          BlockAffinity affinity =
              datastore
                  .affinities()
                  .get(affinityName)
                  .orElseThrow(
                      () -> new IpamException("BlockAffinity " + affinityName + " vanished"));
          affinity.getSpec().setState(AffinityState.confirmed);
          return datastore.affinities().update(affinity);
        });
  }

  static BlockAffinity affinity(String node, IpPrefix cidr, AffinityState state) {
    BlockAffinity affinity = new BlockAffinity();
    affinity.setMetadata(
        new ObjectMetaBuilder()
            .withName(Names.affinity(node, cidr))
            .addToLabels(Names.NODE_LABEL, node)
            .build());
    affinity.setSpec(new BlockAffinitySpec(node, cidr.toString(), state));
    return affinity;
  }

  private static IPAMBlock block(IpPrefix cidr, String node) {
    IPAMBlock block = new IPAMBlock();
    block.setMetadata(new ObjectMetaBuilder().withName(Names.block(cidr)).build());
    block.setSpec(BlockAllocations.newBlock(cidr, node));
    return block;
  }
}
