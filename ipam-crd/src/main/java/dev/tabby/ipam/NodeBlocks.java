package dev.tabby.ipam;

import dev.tabby.api.v1.AffinityState;
import dev.tabby.api.v1.BlockAffinity;
import dev.tabby.api.v1.BlockAffinitySpec;
import dev.tabby.net.IpPrefix;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The blocks one node holds, as its confirmed BlockAffinities say, kept current by an informer on
 * that node's affinities: what a node agent originates over BGP and blackholes in its kernel. A
 * block counts from the moment its affinity is confirmed (the IPAMBlock exists by then) until the
 * affinity leaves that state, is marked deleted or is removed.
 */
public final class NodeBlocks implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(NodeBlocks.class);

  private final String node;
  private final List<BlockListener> listeners = new CopyOnWriteArrayList<>();
  private final SharedIndexInformer<BlockAffinity> affinities;

  /** Guarded by {@code this}, as are the events sent for its changes. */
  private NavigableSet<IpPrefix> confirmed = new TreeSet<>();

  /** Starts watching the node's affinities and returns once they have been listed. */
  public NodeBlocks(KubernetesClient client, String node) {
    this.node = node;
    this.affinities =
        client.resources(BlockAffinity.class).withLabel(Names.NODE_LABEL, node).runnableInformer(0);
    // The handler reads this.affinities, so it is added only once the field is set.
    affinities.addEventHandler(new Recompute());
    affinities.start().toCompletableFuture().join();
    refresh();
    log.info("watching the blocks of node {}: {} confirmed", node, current().size());
  }

  public String node() {
    return node;
  }

  /** The node's confirmed blocks now, in address order. */
  public synchronized Set<IpPrefix> current() {
    return Collections.unmodifiableNavigableSet(new TreeSet<>(confirmed));
  }

  /**
   * Adds a listener and tells it at once, with {@link BlockListener#claimed}, of every block the
   * node holds now; after that it hears every change, none missed and none twice.
   */
  public synchronized void addListener(BlockListener listener) {
    listeners.add(listener);
    confirmed.forEach(block -> tell(listener, block, true));
  }

  public void removeListener(BlockListener listener) {
    listeners.remove(listener);
  }

  @Override
  public void close() {
    affinities.close();
  }

  /** Reads the node's blocks from the informer's cache and tells listeners what changed. */
  private synchronized void refresh() {
    NavigableSet<IpPrefix> now = new TreeSet<>();
    for (BlockAffinity affinity : affinities.getStore().list()) {
      BlockAffinitySpec spec = affinity.getSpec();
      if (spec != null
          && node.equals(spec.getNode())
          && spec.getState() == AffinityState.confirmed
          && !spec.isDeleted()) {
        readCidr(affinity).ifPresent(now::add);
      }
    }
    List<IpPrefix> gone = new ArrayList<>(confirmed);
    gone.removeAll(now);
    List<IpPrefix> added = new ArrayList<>(now);
    added.removeAll(confirmed);
    confirmed = now;
    for (IpPrefix block : gone) {
      log.info("node {} no longer holds block {}", node, block);
      listeners.forEach(l -> tell(l, block, false));
    }
    for (IpPrefix block : added) {
      log.info("node {} holds block {}", node, block);
      listeners.forEach(l -> tell(l, block, true));
    }
  }

  private static Optional<IpPrefix> readCidr(BlockAffinity affinity) {
    try {
      return Optional.of(IpPrefix.parse(affinity.getSpec().getCidr()));
    } catch (RuntimeException e) {
      log.warn(
          "BlockAffinity {} has an unreadable cidr and is left out: {}",
          affinity.getMetadata().getName(),
          e.getMessage());
      return Optional.empty();
    }
  }

  /** A listener that throws loses that one event, never the others' or the watch. */
  private void tell(BlockListener listener, IpPrefix block, boolean claimed) {
    try {
      if (claimed) {
        listener.claimed(block);
      } else {
        listener.released(block);
      }
    } catch (RuntimeException e) {
      log.warn(
          "a block listener failed on {} {} of node {}",
          claimed ? "claimed" : "released",
          block,
          node,
          e);
    }
  }

  private final class Recompute implements ResourceEventHandler<BlockAffinity> {
    @Override
    public void onAdd(BlockAffinity affinity) {
      refresh();
    }

    @Override
    public void onUpdate(BlockAffinity before, BlockAffinity after) {
      refresh();
    }

    @Override
    public void onDelete(BlockAffinity affinity, boolean finalStateUnknown) {
      refresh();
    }
  }
}
