package dev.tabby.node;

import dev.tabby.ipam.Names;
import dev.tabby.ipam.net.Cidr;
import dev.tabby.ipam.v1.AffinityState;
import dev.tabby.ipam.v1.BlockAffinity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.Set;
import java.util.TreeSet;

/**
 * The blocks this node holds a confirmed affinity for, kept by an informer on its BlockAffinities;
 * {@code changed} runs when they may have changed. The agent's only view of its blocks.
 */
public final class OwnBlocksWatch implements AutoCloseable {

  private final String nodeName;
  private final SharedIndexInformer<BlockAffinity> affinities;

  public OwnBlocksWatch(KubernetesClient client, String nodeName, Runnable changed) {
    this.nodeName = nodeName;
    this.affinities =
        client
            .resources(BlockAffinity.class)
            .withLabel(Names.NODE_LABEL, nodeName)
            .inform(ClusterResources.handler(changed));
  }

  public boolean synced() {
    return affinities.hasSynced();
  }

  /** The confirmed blocks, in order. */
  public Set<Cidr> blocks() {
    Set<Cidr> blocks = new TreeSet<>();
    for (BlockAffinity affinity : affinities.getStore().list()) {
      var spec = affinity.getSpec();
      if (spec != null
          && !spec.isDeleted()
          && nodeName.equals(spec.getNode())
          && spec.getState() == AffinityState.confirmed) {
        blocks.add(Cidr.parse(spec.getCidr()));
      }
    }
    return blocks;
  }

  @Override
  public void close() {
    affinities.close();
  }
}
