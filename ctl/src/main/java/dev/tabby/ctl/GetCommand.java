package dev.tabby.ctl;

import dev.tabby.api.v1.BGPPeer;
import dev.tabby.api.v1.IPAMBlock;
import dev.tabby.api.v1.IPPool;
import dev.tabby.api.v1.NodeBgpAnnotations;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.json.JsonMapper;

/** {@code tabbyctl get KIND}: Tabby's resources, read from the Kubernetes API. */
@Command(
    name = "get",
    mixinStandardHelpOptions = true,
    description = "List IP pools, BGP peers or nodes from the Kubernetes API.")
final class GetCommand implements Callable<Integer> {

  /** What can be listed. */
  enum Kind {
    ippools,
    bgppeers,
    nodes
  }

  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Spec CommandSpec spec;
  @Mixin OutputOption output;
  @Mixin KubeOptions kube;

  @Parameters(paramLabel = "KIND", description = "ippools, bgppeers or nodes.")
  Kind kind;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (KubernetesClient client = kube.client()) {
      List<?> items = kube.call(() -> items(client));
      if (output.table()) {
        out.print(table(client, items).render());
        out.flush();
      } else {
        // fabric8's own serialization knows its model types; Jackson 3 prints it as asked.
        output.print(out, JSON.readTree(Serialization.asJson(items)));
      }
    }
    return ExitCodes.OK;
  }

  private List<?> items(KubernetesClient client) {
    return switch (kind) {
      case ippools -> client.resources(IPPool.class).list().getItems();
      case bgppeers -> client.resources(BGPPeer.class).list().getItems();
      case nodes -> client.nodes().list().getItems();
    };
  }

  private Table table(KubernetesClient client, List<?> items) {
    return switch (kind) {
      case ippools -> ipPools(items);
      case bgppeers -> bgpPeers(items);
      case nodes -> nodes(items, kube.call(() -> blocksPerNode(client)));
    };
  }

  private static Table ipPools(List<?> items) {
    Table table = new Table("NAME", "CIDR", "BLOCK SIZE", "NODES", "DISABLED", "VALID");
    for (Object item : items) {
      IPPool pool = (IPPool) item;
      table.row(
          pool.getMetadata().getName(),
          pool.getSpec().getCidr(),
          pool.getSpec().getBlockSize(),
          pool.getSpec().getNodeSelector(),
          pool.getSpec().isDisabled(),
          valid(pool));
    }
    return table;
  }

  /** The controller's Valid condition; blank until the controller has looked at the pool. */
  private static String valid(IPPool pool) {
    if (pool.getStatus() == null) {
      return "";
    }
    return pool.getStatus().getConditions().stream()
        .filter(condition -> "Valid".equals(condition.getType()))
        .map(condition -> condition.getStatus())
        .findFirst()
        .orElse("");
  }

  private static Table bgpPeers(List<?> items) {
    Table table = new Table("NAME", "PEER IP", "AS", "NODE", "NODE SELECTOR", "PEER SELECTOR");
    for (Object item : items) {
      BGPPeer peer = (BGPPeer) item;
      table.row(
          peer.getMetadata().getName(),
          peer.getSpec().getPeerIP(),
          peer.getSpec().getAsNumber(),
          peer.getSpec().getNode(),
          peer.getSpec().getNodeSelector(),
          peer.getSpec().getPeerSelector());
    }
    return table;
  }

  private static Table nodes(List<?> items, Map<String, Long> blocks) {
    Table table = new Table("NAME", "AS", "IPV4 ADDRESS", "IPV6 ADDRESS", "BLOCKS", "READY");
    for (Object item : items) {
      Node node = (Node) item;
      String name = node.getMetadata().getName();
      Map<String, String> annotations =
          Objects.requireNonNullElse(node.getMetadata().getAnnotations(), Map.of());
      table.row(
          name,
          annotations.getOrDefault(NodeBgpAnnotations.AS_NUMBER, "(cluster)"),
          annotations.get(NodeBgpAnnotations.IPV4_ADDRESS),
          annotations.get(NodeBgpAnnotations.IPV6_ADDRESS),
          blocks.getOrDefault(name, 0L),
          NodeConditions.agentReady(node));
    }
    return table;
  }

  /** Blocks per node, from each block's {@code host:NODE} affinity. */
  private static Map<String, Long> blocksPerNode(KubernetesClient client) {
    return client.resources(IPAMBlock.class).list().getItems().stream()
        .map(block -> block.getSpec().getAffinity())
        .filter(affinity -> affinity != null && affinity.startsWith("host:"))
        .collect(
            Collectors.groupingBy(
                affinity -> affinity.substring("host:".length()), Collectors.counting()));
  }
}
