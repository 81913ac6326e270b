package dev.tabby.ipam;

import dev.tabby.api.v1.IPAMBlock;
import dev.tabby.ipam.BlockFiller.BlockRead;
import dev.tabby.ipam.pool.Pool;
import dev.tabby.ipam.store.Datastore;
import dev.tabby.net.IpFamily;
import dev.tabby.net.IpPrefix;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Assigns the addresses of a batch of requests for one node: from the node's own blocks first, then
 * from blocks it claims, then (unless strictAffinity) borrowed from other nodes' blocks, each block
 * giving as many as it can in one write ({@link BlockFiller}). Requests fail one by one: a handle
 * that cannot be written fails only its own request.
 */
final class BatchAssigner {
  private static final Logger log = LoggerFactory.getLogger(BatchAssigner.class);

  private final Datastore datastore;
  private final ClusterView cluster;
  private final IpamConfigSource config;
  private final BlockClaimer claimer;
  private final BlockFiller filler;
  private final OwnBlocks ownBlocks;
  private final BatchReleaser releaser;

  BatchAssigner(
      Datastore datastore,
      ClusterView cluster,
      IpamConfigSource config,
      BlockClaimer claimer,
      BlockFiller filler,
      OwnBlocks ownBlocks,
      BatchReleaser releaser) {
    this.datastore = datastore;
    this.cluster = cluster;
    this.config = config;
    this.claimer = claimer;
    this.filler = filler;
    this.ownBlocks = ownBlocks;
    this.releaser = releaser;
  }

  /**
   * Assigns every request of the batch, each all or none: a request that fails has the addresses it
   * already got released again. Answers every request.
   */
  void assign(String node, List<AssignWork> batch) {
    Optional<Map<String, String>> labels = cluster.nodeLabels(node);
    if (labels.isEmpty()) {
      IpamException e = new IpamException("node " + node + " does not exist");
      batch.forEach(w -> w.failed(e));
    } else {
      IpamSnapshot snapshot = config.snapshot();
      for (IpFamily family : IpFamily.values()) {
        List<AssignWork> needs = new ArrayList<>(); // a request appears once per address it wants
        for (AssignWork w : batch) {
          for (int i = 0; !w.hasFailed() && i < w.wanted(family); i++) {
            needs.add(w);
          }
        }
        if (!needs.isEmpty()) {
          assignFamily(node, family, needs, labels.get(), snapshot);
        }
      }
    }
    List<AddressRelease> rollback = new ArrayList<>();
    for (AssignWork w : batch) {
      if (w.hasFailed()) {
        w.done()
            .forEach(
                a -> rollback.add(new AddressRelease(a.address(), a.sequenceNumber(), a.block())));
      }
    }
    if (!rollback.isEmpty()) {
      releaser.releaseAddresses(rollback);
      rollback.forEach(BatchAssigner::warnIfNotReleased);
    }
    log.debug("assigned a batch of {} requests on {}", batch.size(), node);
    batch.forEach(AssignWork::answer);
  }

  /**
   * An address that could not be given back after its request failed stays allocated to a pod that
   * may well exist; say so, since garbage collection only collects addresses of pods that are gone.
   */
  private static void warnIfNotReleased(AddressRelease r) {
    try {
      r.await();
    } catch (RuntimeException e) {
      log.warn(
          "{} stays allocated: its request failed, and releasing it again failed too: {}",
          r.address(),
          e.getMessage());
    }
  }

  private void assignFamily(
      String node,
      IpFamily family,
      List<AssignWork> needs,
      Map<String, String> nodeLabels,
      IpamSnapshot snapshot) {
    List<Pool> pools =
        snapshot.pools().stream()
            .filter(p -> p.family() == family && p.servesWorkloadsOn(nodeLabels))
            .sorted(Comparator.comparing(Pool::name))
            .toList();
    if (pools.isEmpty()) {
      AddressesExhaustedException e = NoPoolServes.error(family, node, nodeLabels, snapshot);
      needs.forEach(w -> w.failed(e));
      return;
    }
    Reservations reservations = snapshot.reservations();
    IpamSettings settings = snapshot.settings();
    List<AssignWork> left = needs;
    int held = 0;
    try {
      left =
          fillFromOwn(ownBlocks.of(node), pools, node, left, reservations, BlockRead.CACHED_COPY);
      if (!left.isEmpty()) {
        // Full as far as the copies in hand show, or taken away meanwhile (released empty by
        // garbage collection): list them afresh and read each one before claiming another block.
        left =
            fillFromOwn(ownBlocks.relist(node), pools, node, left, reservations, BlockRead.STORED);
      }
      List<IpPrefix> own = ownBlocks.of(node);
      held = own.size();
      while (!left.isEmpty() && settings.mayClaimMore(held)) {
        Optional<IpPrefix> claimed = claimer.claim(node, pools, reservations);
        if (claimed.isEmpty()) {
          break;
        }
        held++;
        own.add(claimed.get());
        left = filler.fill(claimed.get(), node, left, reservations, BlockRead.STORED);
      }
      if (!left.isEmpty() && !settings.strictAffinity()) {
        int before = left.size();
        left = borrow(pools, left, reservations);
        if (left.size() < before) {
          log.info(
              "node {} borrowed {} addresses from other nodes' blocks", node, before - left.size());
        }
      }
    } catch (RuntimeException e) {
      // Listing or claiming blocks failed: that stops every request still waiting for an address
      // (a block that cannot be read fails its waiting requests in BlockFiller).
      left.forEach(w -> w.failed(e));
      return;
    }
    if (!left.isEmpty()) {
      int blocksHeld = held;
      left.forEach(w -> w.failed(exhausted(family, w.request(), pools, blocksHeld, settings)));
    }
  }

  private List<AssignWork> fillFromOwn(
      List<IpPrefix> blocks,
      List<Pool> pools,
      String node,
      List<AssignWork> needs,
      Reservations reservations,
      BlockRead read) {
    List<AssignWork> left = needs;
    for (IpPrefix block : List.copyOf(blocks)) {
      if (left.isEmpty()) {
        break;
      }
      if (inAny(pools, block)) {
        left = filler.fill(block, node, left, reservations, read);
      }
    }
    return left;
  }

  private static boolean inAny(List<Pool> pools, IpPrefix block) {
    return pools.stream().anyMatch(p -> p.cidr().contains(block));
  }

  private List<AssignWork> borrow(
      List<Pool> pools, List<AssignWork> needs, Reservations reservations) {
    List<AssignWork> left = needs;
    for (IPAMBlock block : datastore.blocks().list()) {
      if (left.isEmpty()) {
        break;
      }
      IpPrefix cidr = IpPrefix.parse(block.getSpec().getCidr());
      BlockAllocations allocations = new BlockAllocations(block.getSpec());
      if (!block.getSpec().isDeleted()
          && allocations.allocatedCount() < allocations.size()
          && inAny(pools, cidr)) {
        left = filler.fill(cidr, null, left, reservations, BlockRead.STORED);
      }
    }
    return left;
  }

  private static AddressesExhaustedException exhausted(
      IpFamily family, AssignRequest request, List<Pool> pools, int held, IpamSettings settings) {
    return new AddressesExhaustedException(
        "no free "
            + family
            + " address for pod "
            + request.namespace()
            + "/"
            + request.pod()
            + " on node "
            + request.node()
            + " in IPPools "
            + pools.stream().map(Pool::name).toList()
            + ": the node's "
            + held
            + " blocks are full, "
            + (settings.mayClaimMore(held)
                ? "no free block is left to claim"
                : "it may claim no more blocks (maxBlocksPerHost "
                    + settings.maxBlocksPerHost()
                    + ", autoAllocateBlocks "
                    + settings.autoAllocateBlocks()
                    + ")")
            + (settings.strictAffinity()
                ? ", and strictAffinity forbids borrowing"
                : ", and no other block has a free address"));
  }
}
