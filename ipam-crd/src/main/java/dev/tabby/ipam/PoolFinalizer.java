package dev.tabby.ipam;

import dev.tabby.api.v1.IPAMBlock;
import dev.tabby.api.v1.IPPool;
import dev.tabby.ipam.store.ConflictException;
import dev.tabby.ipam.store.Datastore;
import dev.tabby.net.IpPrefix;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps an IPPool from going while its blocks hold addresses: every pool carries the finalizer
 * {@value #FINALIZER}, and a pool being deleted loses it only once none of its blocks holds an
 * address; its empty blocks are released first. A pool being deleted gives no new addresses (it
 * counts as disabled). The controller runs {@link #reconcileAll} periodically and on IPPool events.
 */
public final class PoolFinalizer {
  public static final String FINALIZER = "tabby.dev/ipam";

  private static final Logger log = LoggerFactory.getLogger(PoolFinalizer.class);

  private final Datastore datastore;
  private final BlockReleaser releaser;

  /** How many addresses each held pool had when last logged, so an unchanged wait logs once. */
  private final Map<String, Long> loggedWaits = new ConcurrentHashMap<>();

  public PoolFinalizer(Datastore datastore, BlockReleaser releaser) {
    this.datastore = datastore;
    this.releaser = releaser;
  }

  /** What one pass did to a pool. */
  public enum Outcome {
    /** The pool is live and carries the finalizer. */
    GUARDED,
    /** The pool is being deleted and its blocks still hold addresses: it stays. */
    HELD,
    /** The pool was being deleted, held no address, and its finalizer is removed. */
    RELEASED,
    /** The pool is gone, or being deleted without the finalizer: nothing to do. */
    NOTHING
  }

  /** One pass over every pool. */
  public Map<String, Outcome> reconcileAll() {
    Map<String, Outcome> outcomes = new TreeMap<>();
    for (IPPool pool : datastore.pools().list()) {
      outcomes.put(pool.getMetadata().getName(), reconcile(pool.getMetadata().getName()));
    }
    return outcomes;
  }

  /** One pass over the named pool, read afresh; a lost compare-and-swap leaves it to the next. */
  public Outcome reconcile(String poolName) {
    Optional<IPPool> read = datastore.pools().get(poolName);
    if (read.isEmpty()) {
      loggedWaits.remove(poolName);
      return Outcome.NOTHING;
    }
    IPPool pool = read.get();
    List<String> finalizers = pool.getMetadata().getFinalizers();
    boolean guarded = finalizers != null && finalizers.contains(FINALIZER);
    try {
      if (pool.getMetadata().getDeletionTimestamp() == null) {
        if (!guarded) {
          List<String> withOurs =
              finalizers == null ? new ArrayList<>() : new ArrayList<>(finalizers);
          withOurs.add(FINALIZER);
          pool.getMetadata().setFinalizers(withOurs);
          datastore.pools().update(pool);
          log.info("IPPool {} is guarded by the finalizer {}", poolName, FINALIZER);
        }
        return Outcome.GUARDED;
      }
      if (!guarded) {
        return Outcome.NOTHING;
      }
      if (holdsAddresses(pool)) {
        return Outcome.HELD;
      }
      pool.getMetadata().getFinalizers().remove(FINALIZER);
      datastore.pools().update(pool);
    } catch (ConflictException e) {
      log.debug("IPPool {} changed while it was reconciled; the next pass sees it", poolName);
      return guarded ? Outcome.HELD : Outcome.NOTHING;
    }
    loggedWaits.remove(poolName);
    log.info("IPPool {} holds no address any more: removed the finalizer {}", poolName, FINALIZER);
    return Outcome.RELEASED;
  }

  /** Whether the pool's blocks hold addresses; empty blocks are released on the way. */
  private boolean holdsAddresses(IPPool pool) {
    String name = pool.getMetadata().getName();
    Optional<IpPrefix> poolCidr = readCidr(pool);
    if (poolCidr.isEmpty()) {
      return false; // a pool whose cidr cannot be read never had blocks cut from it
    }
    long addresses = 0;
    List<IpPrefix> inUse = new ArrayList<>();
    for (IPAMBlock block : datastore.blocks().list()) {
      IpPrefix cidr = IpPrefix.parse(block.getSpec().getCidr());
      if (!poolCidr.get().contains(cidr)) {
        continue;
      }
      int count = new BlockAllocations(block.getSpec()).allocatedCount();
      if (count == 0 && releaser.releaseIfEmpty(cidr)) {
        continue;
      }
      addresses += Math.max(count, 1); // an assignment raced the release: at least one address
      inUse.add(cidr);
    }
    if (inUse.isEmpty()) {
      return false;
    }
    Long before = loggedWaits.put(name, addresses);
    if (before == null || before != addresses) {
      log.info(
          "IPPool {} is being deleted but {} of its blocks still hold {} addresses (first {});"
              + " the finalizer {} keeps the pool until their pods are gone",
          name,
          inUse.size(),
          addresses,
          inUse.get(0),
          FINALIZER);
    }
    return true;
  }

  private static Optional<IpPrefix> readCidr(IPPool pool) {
    try {
      return Optional.of(IpPrefix.parseAndMask(pool.getSpec().getCidr()));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }
}
