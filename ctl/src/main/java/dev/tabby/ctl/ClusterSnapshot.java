package dev.tabby.ctl;

import dev.tabby.api.v1.IPAMBlock;
import dev.tabby.api.v1.IPPool;
import dev.tabby.net.IpPrefix;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Objects;

/** What diagnose reads from the Kubernetes API, read once: Nodes, IPPools, IPAMBlocks and Pods. */
record ClusterSnapshot(
    List<Node> nodes, List<IPPool> pools, List<IPAMBlock> blocks, List<Pod> pods) {

  private static final String HOST_AFFINITY = "host:";

  static ClusterSnapshot read(KubernetesClient client, KubeOptions kube) {
    return kube.call(
        () ->
            new ClusterSnapshot(
                client.nodes().list().getItems(),
                client.resources(IPPool.class).list().getItems(),
                client.resources(IPAMBlock.class).list().getItems(),
                client.pods().inAnyNamespace().list().getItems()));
  }

  /** The CIDRs of the blocks with a {@code host:NODE} affinity for that node. */
  List<IpPrefix> blocksOf(String nodeName) {
    return blocks.stream()
        .filter(block -> (HOST_AFFINITY + nodeName).equals(block.getSpec().getAffinity()))
        .map(block -> IpPrefix.parse(block.getSpec().getCidr()))
        .toList();
  }

  /** The node a block is affine to, or null. */
  static String nodeOf(IPAMBlock block) {
    String affinity = block.getSpec().getAffinity();
    return affinity != null && affinity.startsWith(HOST_AFFINITY)
        ? affinity.substring(HOST_AFFINITY.length())
        : null;
  }

  /** Every pool's CIDR: the pod range. */
  List<IpPrefix> podRanges() {
    return pools.stream()
        .map(pool -> pool.getSpec().getCidr())
        .filter(Objects::nonNull)
        .map(IpPrefix::parseAndMask)
        .toList();
  }

  boolean hasNode(String name) {
    return nodes.stream().anyMatch(node -> node.getMetadata().getName().equals(name));
  }
}
