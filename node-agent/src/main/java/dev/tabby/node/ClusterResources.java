package dev.tabby.node;

import dev.tabby.api.v1.BGPConfiguration;
import dev.tabby.api.v1.BGPFilter;
import dev.tabby.api.v1.BGPPeer;
import dev.tabby.api.v1.IPAMBlock;
import dev.tabby.api.v1.IPPool;
import dev.tabby.ipam.OnAnyChange;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The resources the agent's routing follows, kept by informers (watches, no polling): Nodes,
 * BGPPeers, BGPFilters, BGPConfigurations, IPPools and IPAMBlocks (for the addresses this node
 * borrowed from other nodes' blocks). Every change of any of them runs {@code changed}.
 */
public final class ClusterResources implements AutoCloseable {

  private final SharedIndexInformer<Node> nodes;
  private final SharedIndexInformer<BGPPeer> peers;
  private final SharedIndexInformer<BGPConfiguration> configurations;
  private final SharedIndexInformer<IPPool> pools;
  private final SharedIndexInformer<BGPFilter> filters;
  private final SharedIndexInformer<IPAMBlock> ipamBlocks;

  public ClusterResources(KubernetesClient client, Runnable changed) {
    this.nodes = client.nodes().inform(new OnAnyChange<>(changed));
    this.peers = client.resources(BGPPeer.class).inform(new OnAnyChange<>(changed));
    this.configurations =
        client.resources(BGPConfiguration.class).inform(new OnAnyChange<>(changed));
    this.pools = client.resources(IPPool.class).inform(new OnAnyChange<>(changed));
    this.filters = client.resources(BGPFilter.class).inform(new OnAnyChange<>(changed));
    this.ipamBlocks = client.resources(IPAMBlock.class).inform(new OnAnyChange<>(changed));
  }

  /** Whether every informer has listed its resources once. */
  public boolean synced() {
    return nodes.hasSynced()
        && peers.hasSynced()
        && configurations.hasSynced()
        && pools.hasSynced()
        && filters.hasSynced()
        && ipamBlocks.hasSynced();
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

  /** Every BGPFilter, by name. */
  public Map<String, BGPFilter> bgpFilters() {
    return filters.getStore().list().stream()
        .collect(Collectors.toMap(filter -> filter.getMetadata().getName(), filter -> filter));
  }

  public List<IPAMBlock> ipamBlocks() {
    return ipamBlocks.getStore().list();
  }

  @Override
  public void close() {
    nodes.close();
    peers.close();
    configurations.close();
    pools.close();
    filters.close();
    ipamBlocks.close();
  }
}
