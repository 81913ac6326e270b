package dev.tabby.ctl;

import dev.tabby.api.v1.IPAMBlock;
import dev.tabby.api.v1.IPPool;
import dev.tabby.ipam.BlockAllocations;
import dev.tabby.net.IpPrefix;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tabbyctl delete KIND NAME...} or {@code -f FILE}: deletes Tabby's resources. Every one is
 * looked up first and nothing is deleted if any is missing or refused: an IPPool whose blocks still
 * hold addresses, unless forced.
 */
@Command(
    name = "delete",
    mixinStandardHelpOptions = true,
    description = {
      "Delete IPPools, BGPPeers, BGPConfigurations or BGPFilters, by kind and name or as named in"
          + " a file.",
      "An IPPool whose blocks still hold addresses is refused unless --force: its pods keep their"
          + " addresses, and tabby-controller removes the pool once they are released."
          + " Nothing is deleted if any resource is missing or refused (exit code 1)."
    })
final class DeleteCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin OutputOption output;
  @Mixin KubeOptions kube;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Target target;

  /** What to delete: by kind and names, or the resources a file names. */
  static final class Target {
    @ArgGroup(exclusive = false, multiplicity = "1")
    Named named;

    @Option(
        names = {"-f", "--filename"},
        required = true,
        paramLabel = "FILE",
        description = "Delete the resources this file names.")
    Path file;
  }

  /** {@code KIND NAME...} */
  static final class Named {
    @Parameters(
        index = "0",
        paramLabel = "KIND",
        converter = TabbyKind.Converter.class,
        completionCandidates = TabbyKind.Candidates.class,
        description = "ippool, bgppeer, bgpconfiguration or bgpfilter (or the plural).")
    TabbyKind kind;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "NAME", description = "Names.")
    List<String> names;
  }

  @Option(
      names = "--force",
      description = "Delete an IPPool even though its blocks still hold addresses.")
  boolean force;

  /** A resource to delete: its kind and name. */
  private record Doomed(TabbyKind kind, String name) {
    String describe() {
      return kind.describe(name);
    }
  }

  @Override
  public Integer call() {
    List<Doomed> doomed = doomed();
    List<ResourceChange> changes = new ArrayList<>();
    try (KubernetesClient client = kube.client()) {
      List<HasMetadata> stored = new ArrayList<>();
      for (Doomed d : doomed) {
        HasMetadata found =
            kube.call(() -> client.resources(d.kind().type()).withName(d.name()).get());
        if (found == null) {
          throw new CtlException(d.describe() + " not found; nothing was deleted");
        }
        stored.add(found);
      }
      if (!force) {
        List<IPAMBlock> blocks =
            kube.call(() -> client.resources(IPAMBlock.class).list().getItems());
        for (HasMetadata resource : stored) {
          if (resource instanceof IPPool pool) {
            refuseIfInUse(pool, blocks);
          }
        }
      }
      for (HasMetadata resource : stored) {
        kube.call(() -> client.resource(resource).delete());
      }
      doomed.forEach(d -> changes.add(new ResourceChange(d.kind().kind(), d.name(), "deleted")));
    }
    ResourceChange.print(output, spec.commandLine().getOut(), changes);
    return ExitCodes.OK;
  }

  private List<Doomed> doomed() {
    if (target.file != null) {
      return ResourceFile.read(target.file).stream()
          .map(r -> new Doomed(r.kind(), r.name()))
          .toList();
    }
    return target.named.names.stream().map(n -> new Doomed(target.named.kind, n)).toList();
  }

  /** Refuses a pool whose blocks (of the CIDR it declares or the one it serves) hold addresses. */
  private static void refuseIfInUse(IPPool pool, List<IPAMBlock> blocks) {
    List<IpPrefix> cidrs =
        Stream.of(
                IpamView.cidr(pool),
                Optional.ofNullable(pool.getStatus())
                    .flatMap(s -> Optional.ofNullable(s.getCidr()))
                    .flatMap(IpamView::parseCidr))
            .flatMap(Optional::stream)
            .toList();
    List<IPAMBlock> inUse =
        blocks.stream()
            .filter(b -> cidrs.stream().anyMatch(c -> c.contains(IpamView.cidr(b))))
            .filter(b -> !new BlockAllocations(b.getSpec()).isEmpty())
            .sorted((a, b) -> IpamView.cidr(a).compareTo(IpamView.cidr(b)))
            .toList();
    if (inUse.isEmpty()) {
      return;
    }
    int addresses =
        inUse.stream().mapToInt(b -> new BlockAllocations(b.getSpec()).allocatedCount()).sum();
    throw new CtlException(
        TabbyKind.IPPOOL.describe(pool.getMetadata().getName())
            + " still has addresses in use: "
            + inUse.size()
            + " blocks hold "
            + addresses
            + " addresses (first "
            + IpamView.cidr(inUse.get(0))
            + "); delete their pods first, or --force (the pool then gives no new addresses and"
            + " goes once they are released); nothing was deleted");
  }
}
