package dev.tabby.ctl;

import dev.tabby.api.v1.IPPool;
import dev.tabby.net.IpPrefix;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code tabbyctl apply -f FILE}: creates or updates Tabby's resources from a file, after reading
 * every document strictly and checking every IPPool; nothing is written if any document is refused.
 */
@Command(
    name = "apply",
    mixinStandardHelpOptions = true,
    description = {
      "Create or update IPPools, BGPPeers, BGPConfigurations and BGPFilters from a YAML or JSON"
          + " file (several documents allowed).",
      "Every document is read strictly (an unknown field is refused) and every IPPool is checked"
          + " as tabby-controller checks it: overlapping no other pool, node address, node network"
          + " or service range, its block size fitting, its CIDR unchanged while blocks are in use."
          + " Nothing is written if any document is refused (exit code 1)."
    })
final class ApplyCommand implements Callable<Integer> {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Spec CommandSpec spec;
  @Mixin OutputOption output;
  @Mixin KubeOptions kube;

  @Option(
      names = {"-f", "--filename"},
      required = true,
      paramLabel = "FILE",
      description = "The file of resources to apply.")
  Path file;

  @Option(
      names = "--service-cluster-ip-range",
      paramLabel = "CIDRS",
      split = ",",
      converter = CidrConverter.class,
      defaultValue = "${env:SERVICE_CLUSTER_IP_RANGE:-10.96.0.0/12}",
      description =
          "Service ranges no pool may overlap, comma-separated, as tabby-controller's option"
              + " (env SERVICE_CLUSTER_IP_RANGE; default ${DEFAULT-VALUE}).")
  List<IpPrefix> serviceRanges;

  @Option(
      names = "--node-networks",
      paramLabel = "CIDRS",
      split = ",",
      converter = CidrConverter.class,
      description =
          "Node networks no pool may overlap, comma-separated, beyond the addresses the Nodes"
              + " report, as tabby-controller's option (default: none).")
  List<IpPrefix> nodeNetworks = new ArrayList<>();

  @Override
  public Integer call() {
    List<ResourceFile.Resource> resources = ResourceFile.read(file);
    List<ResourceChange> changes = new ArrayList<>();
    try (KubernetesClient client = kube.client()) {
      List<IPPool> pools =
          resources.stream()
              .filter(r -> r.kind() == TabbyKind.IPPOOL)
              .map(r -> (IPPool) r.resource())
              .toList();
      List<String> refusals =
          kube.call(() -> new PoolAdmission(serviceRanges, nodeNetworks).refusals(client, pools));
      if (!refusals.isEmpty()) {
        throw new CtlException(file + ": " + String.join("; ", refusals) + "; nothing was applied");
      }
      for (ResourceFile.Resource resource : resources) {
        changes.add(ResourceChange.of(resource, kube.call(() -> write(client, resource))));
      }
    }
    ResourceChange.print(output, spec.commandLine().getOut(), changes);
    return ExitCodes.OK;
  }

  /**
   * Creates the resource, or updates it over the stored one's resourceVersion (so a change made
   * meanwhile is a conflict, not lost), keeping what others own of it: its status and finalizers.
   */
  private static String write(KubernetesClient client, ResourceFile.Resource resource) {
    CustomResource<?, ?> item = resource.resource();
    HasMetadata stored = client.resource(item).get();
    if (stored == null) {
      client.resource(item).create();
      return "created";
    }
    if (sameDesire(stored, item)) {
      return "unchanged";
    }
    item.getMetadata().setResourceVersion(stored.getMetadata().getResourceVersion());
    if (item.getMetadata().getFinalizers().isEmpty()) {
      item.getMetadata().setFinalizers(stored.getMetadata().getFinalizers());
    }
    keepStatus(item, (CustomResource<?, ?>) stored);
    client.resource(item).update();
    return "configured";
  }

  @SuppressWarnings("unchecked")
  private static void keepStatus(CustomResource<?, ?> item, CustomResource<?, ?> stored) {
    ((CustomResource<Object, Object>) item).setStatus(stored.getStatus());
  }

  private static boolean sameDesire(HasMetadata stored, CustomResource<?, ?> item) {
    Object storedSpec = ((CustomResource<?, ?>) stored).getSpec();
    return JSON.valueToTree(storedSpec).equals(JSON.valueToTree(item.getSpec()))
        && Objects.equals(stored.getMetadata().getLabels(), item.getMetadata().getLabels())
        && Objects.equals(
            stored.getMetadata().getAnnotations(), item.getMetadata().getAnnotations());
  }
}
