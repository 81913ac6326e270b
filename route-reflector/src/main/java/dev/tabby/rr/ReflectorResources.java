package dev.tabby.rr;

import dev.tabby.api.v1.BGPConfiguration;
import dev.tabby.api.v1.BGPFilter;
import dev.tabby.api.v1.BGPPeer;
import dev.tabby.ipam.OnAnyChange;
import dev.tabby.node.PeerPlanner;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What a reflector's peers are planned from, kept by informers (watches, no polling): Nodes,
 * BGPPeers, BGPFilters and the BGPConfiguration. Every change of any of them runs {@code changed}.
 * Unlike the node agent, a reflector reads no IPAM resources.
 */
final class ReflectorResources implements AutoCloseable {

  private final SharedIndexInformer<Node> nodes;
  private final SharedIndexInformer<BGPPeer> peers;
  private final SharedIndexInformer<BGPConfiguration> configurations;
  private final SharedIndexInformer<BGPFilter> filters;

  ReflectorResources(KubernetesClient client, Runnable changed) {
    this.nodes = client.nodes().inform(new OnAnyChange<>(changed));
    this.peers = client.resources(BGPPeer.class).inform(new OnAnyChange<>(changed));
    this.configurations =
        client.resources(BGPConfiguration.class).inform(new OnAnyChange<>(changed));
    this.filters = client.resources(BGPFilter.class).inform(new OnAnyChange<>(changed));
  }

  /** Whether every informer has listed its resources once. */
  boolean synced() {
    return nodes.hasSynced()
        && peers.hasSynced()
        && configurations.hasSynced()
        && filters.hasSynced();
  }

  List<Node> nodes() {
    return nodes.getStore().list();
  }

  Optional<Node> node(String name) {
    return Optional.ofNullable(nodes.getStore().getByKey(name));
  }

  List<BGPPeer> bgpPeers() {
    return peers.getStore().list();
  }

  /** The cluster's BGPConfiguration, the one named {@code default}; null when there is none. */
  BGPConfiguration bgpConfiguration() {
    return configurations.getStore().getByKey(PeerPlanner.DEFAULT_CONFIGURATION);
  }

  /** Every BGPFilter, by name. */
  Map<String, BGPFilter> bgpFilters() {
    return filters.getStore().list().stream()
        .collect(Collectors.toMap(filter -> filter.getMetadata().getName(), filter -> filter));
  }

  @Override
  public void close() {
    nodes.close();
    peers.close();
    configurations.close();
    filters.close();
  }
}
