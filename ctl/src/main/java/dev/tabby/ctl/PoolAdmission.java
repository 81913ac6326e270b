package dev.tabby.ctl;

import dev.tabby.api.v1.IPAMBlock;
import dev.tabby.api.v1.IPPool;
import dev.tabby.ipam.pool.NodeRange;
import dev.tabby.ipam.pool.PoolProblem;
import dev.tabby.ipam.pool.PoolValidator;
import dev.tabby.net.IpPrefix;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks IPPools before {@code tabbyctl apply} writes them, with tabby-controller's rules ({@link
 * PoolValidator}): against each other, the pools already in the cluster, the Nodes' addresses, the
 * configured node networks and service ranges, and the blocks in use (a changed CIDR).
 */
final class PoolAdmission {
  private final List<IpPrefix> serviceRanges;
  private final List<IpPrefix> nodeNetworks;

  PoolAdmission(List<IpPrefix> serviceRanges, List<IpPrefix> nodeNetworks) {
    this.serviceRanges = List.copyOf(serviceRanges);
    this.nodeNetworks = List.copyOf(nodeNetworks);
  }

  /**
   * One line per refused pool among {@code pools}, naming it and every problem; empty when all may
   * be written. Reads pools, Nodes and blocks from the API.
   */
  List<String> refusals(KubernetesClient client, List<IPPool> pools) {
    if (pools.isEmpty()) {
      return List.of();
    }
    Map<String, IPPool> existing = new HashMap<>();
    client
        .resources(IPPool.class)
        .list()
        .getItems()
        .forEach(p -> existing.put(p.getMetadata().getName(), p));
    List<NodeRange> nodeRanges = new ArrayList<>();
    nodeNetworks.forEach(n -> nodeRanges.add(NodeRange.network(n)));
    client.nodes().list().getItems().forEach(n -> nodeRanges.addAll(NodeRange.addressesOf(n)));
    List<IpPrefix> blocks =
        client.resources(IPAMBlock.class).list().getItems().stream().map(IpamView::cidr).toList();
    PoolValidator validator = new PoolValidator(nodeRanges, serviceRanges);

    Set<String> applied =
        pools.stream().map(p -> p.getMetadata().getName()).collect(Collectors.toSet());
    List<String> refusals = new ArrayList<>();
    for (IPPool pool : pools) {
      IPPool current = existing.get(pool.getMetadata().getName());
      if (current != null) {
        pool.setStatus(current.getStatus()); // the CIDR it serves: a change is checked against it
      }
      List<IPPool> others = new ArrayList<>(pools);
      existing.values().stream()
          .filter(p -> !applied.contains(p.getMetadata().getName()))
          .forEach(others::add);
      List<PoolProblem> problems = validator.check(pool, others, blocks);
      if (!problems.isEmpty()) {
        refusals.add(
            TabbyKind.IPPOOL.describe(pool.getMetadata().getName())
                + " is refused: "
                + problems.stream().map(PoolProblem::message).collect(Collectors.joining("; ")));
      }
    }
    return refusals;
  }
}
