package dev.tabby.ipam;

import dev.tabby.api.v1.AffinityState;
import dev.tabby.api.v1.BlockAffinity;
import dev.tabby.api.v1.IPAMBlock;
import dev.tabby.ipam.store.ConflictRetry;
import dev.tabby.ipam.store.Datastore;
import dev.tabby.net.IpPrefix;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Gives blocks back: empty ones are deleted, ones still in use lose their node affinity. */
public final class BlockReleaser {
  private static final Logger log = LoggerFactory.getLogger(BlockReleaser.class);

  private final Datastore datastore;
  private final ConflictRetry retry;

  public BlockReleaser(Datastore datastore, ConflictRetry retry) {
    this.datastore = datastore;
    this.retry = retry;
  }

  /**
   * Deletes the block if it holds no address; false if it is in use. The block's affinity moves to
   * pendingDeletion so its node stops using it, then the block is marked deleted with a
   * compare-and-swap (which loses to any assignment made meanwhile), and only then removed.
   */
  public boolean releaseIfEmpty(IpPrefix cidr) {
    String name = Names.block(cidr);
    Optional<IPAMBlock> current = datastore.blocks().get(name);
    if (current.isEmpty()) {
      return true;
    }
    if (!new BlockAllocations(current.get().getSpec()).isEmpty()) {
      return false;
    }
    String node = BlockAllocations.affineNode(current.get().getSpec());
    if (node != null) {
      setAffinityState(node, cidr, AffinityState.pendingDeletion);
    }
    boolean marked =
        retry.run(
            "marking block " + cidr + " deleted",
            () -> {
              IPAMBlock block = datastore.blocks().get(name).orElse(null);
              if (block == null || block.getSpec().isDeleted()) {
                return true;
              }
              if (!new BlockAllocations(block.getSpec()).isEmpty()) {
                return false;
              }
              block.getSpec().setDeleted(true);
              datastore.blocks().update(block);
              return true;
            });
    if (!marked) {
      if (node != null) {
        setAffinityState(node, cidr, AffinityState.confirmed);
      }
      return false;
    }
    finishDeletion(cidr, node);
    log.info(
        "event=ipam-release-block block={} node={} reason=\"empty\"",
        cidr,
        node == null ? "none" : node);
    return true;
  }

  /** Removes a block already marked deleted, and its affinity. */
  public void finishDeletion(IpPrefix cidr, String node) {
    datastore.blocks().delete(Names.block(cidr));
    if (node != null) {
      deleteAffinity(node, cidr);
    }
  }

  /**
   * Takes the block away from the node: it stays, with its addresses, affine to no node, so any
   * node may borrow from it and garbage collection frees its addresses once their pods are gone.
   */
  public void detach(IpPrefix cidr, String node) {
    String name = Names.block(cidr);
    retry.run(
        "detaching block " + cidr + " from node " + node,
        () -> {
          IPAMBlock block = datastore.blocks().get(name).orElse(null);
          if (block != null && node.equals(BlockAllocations.affineNode(block.getSpec()))) {
            block.getSpec().setAffinity(null);
            datastore.blocks().update(block);
          }
          return null;
        });
    deleteAffinity(node, cidr);
    log.info(
        "event=ipam-release-affinity block={} node={} reason=\"block still holds addresses\"",
        cidr,
        node);
  }

  private void setAffinityState(String node, IpPrefix cidr, AffinityState state) {
    String name = Names.affinity(node, cidr);
    retry.run(
        "setting BlockAffinity " + name + " " + state,
        () -> {
          BlockAffinity affinity = datastore.affinities().get(name).orElse(null);
          if (affinity != null && affinity.getSpec().getState() != state) {
            affinity.getSpec().setState(state);
            datastore.affinities().update(affinity);
          }
          return null;
        });
  }

  /** Soft delete (a guarded update) first, then the unguarded delete. */
  void deleteAffinity(String node, IpPrefix cidr) {
    String name = Names.affinity(node, cidr);
    retry.run(
        "deleting BlockAffinity " + name,
        () -> {
          BlockAffinity affinity = datastore.affinities().get(name).orElse(null);
          if (affinity == null) {
            return null;
          }
          if (!affinity.getSpec().isDeleted()) {
            affinity.getSpec().setDeleted(true);
            datastore.affinities().update(affinity);
          }
          datastore.affinities().delete(name);
          return null;
        });
  }
}
