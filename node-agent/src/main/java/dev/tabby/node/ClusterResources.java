package dev.tabby.node;

import dev.tabby.api.v1.BGPConfiguration;
import dev.tabby.api.v1.BGPPeer;
import dev.tabby.api.v1.IPPool;
import dev.tabby.ipam.OnAnyChange;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.List;
import java.util.Optional;

/**
 * The resources the agent's routing follows, kept by informers (watches, no polling): Nodes,
 * BGPPeers, BGPConfigurations and IPPools. Every change of any of them runs {@code changed}.
 */
public final class ClusterResources implements AutoCloseable {

  private final SharedIndexInformer<Node> nodes;
  private final SharedIndexInformer<BGPPeer> peers;
  private final SharedIndexInformer<BGPConfiguration> configurations;
  private final SharedIndexInformer<IPPool> pools;

  public ClusterResources(KubernetesClient client, Runnable changed) {
    this.nodes = client.nodes().inform(new OnAnyChange<>(changed));
    this.peers = client.resources(BGPPeer.class).inform(new OnAnyChange<>(changed));
    this.configurations =
        client.resources(BGPConfiguration.class).inform(new OnAnyChange<>(changed));
    this.pools = client.resources(IPPool.class).inform(new OnAnyChange<>(changed));
  }

  /** Whether every informer has listed its resources once. */
  public boolean synced() {
    return nodes.hasSynced()
        && peers.hasSynced()
        && configurations.hasSynced()
        && pools.hasSynced();
  }

  public List<Node> nodes() {
    return nodes.getStore().list();
  }

  public Optional<Node> node(String name) {
    return Optional.ofNullable(nodes.getStore().getByKey(name));
  }

  public List<BGPPeer> bgpPeers() {
    return peers.getStore().list();
  }

  /** The cluster's BGPConfiguration, the one named {@code default}; null when there is none. */
  public BGPConfiguration bgpConfiguration() {
    return configurations.getStore().getByKey(PeerPlanner.DEFAULT_CONFIGURATION);
  }

  public List<IPPool> pools() {
    return pools.getStore().list();
  }

  @Override
  public void close() {
    nodes.close();
    peers.close();
    configurations.close();
    pools.close();
  }
}
