package dev.tabby.ctl;

import dev.tabby.ipam.BlockAllocations.Allocation;
import dev.tabby.ipam.BlockAllocations.ReleaseOutcome;
import dev.tabby.ipam.IpamAllocator;
import dev.tabby.ipam.KubernetesClusterView;
import dev.tabby.ipam.LeakJudge;
import dev.tabby.ipam.store.ConflictRetriesExhaustedException;
import dev.tabby.ipam.store.ConflictRetry;
import dev.tabby.ipam.store.Datastore;
import dev.tabby.net.IpAddress;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tabbyctl ipam release --ip ADDRESS}: frees one address through the allocator's release
 * path (the one garbage collection takes), so its block and handle stay consistent. An address a
 * live pod uses is refused unless forced.
 */
@Command(
    name = "release",
    mixinStandardHelpOptions = true,
    description = {
      "Release one pod address: its block frees it and its handle stops counting it.",
      "Refused (exit code 1) when the pod it was assigned to still exists and uses it, unless"
          + " --force; exit code 1 too when the address is not allocated."
    })
final class IpamReleaseCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin OutputOption output;
  @Mixin KubeOptions kube;

  @Option(
      names = "--ip",
      required = true,
      paramLabel = "ADDRESS",
      converter = IpAddressConverter.class,
      description = "The address to release.")
  IpAddress ip;

  @Option(
      names = "--force",
      description = "Release the address even though a live pod uses it (the pod loses it).")
  boolean force;

  /** What was released, as {@code -o json} prints it. */
  record Released(String address, String block, String handle, String pod, boolean forced) {}

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Released released;
    try (KubernetesClient client = kube.client()) {
      released = kube.call(() -> release(client));
    }
    if (output.table()) {
      out.println(
          "released "
              + released.address()
              + " (block "
              + released.block()
              + ", handle "
              + released.handle()
              + (released.pod() == null ? "" : ", pod " + released.pod())
              + ")");
    } else {
      output.print(out, released);
    }
    out.flush();
    return ExitCodes.OK;
  }

  private Released release(KubernetesClient client) {
    Datastore datastore = Datastore.kubernetes(client);
    AddressLookup lookup = IpamView.read(kube, datastore).lookup(ip);
    if (lookup.allocation().isEmpty()) {
      throw new CtlException(lookup.whyNotAllocated() + "; nothing to release");
    }
    Allocation allocation = lookup.allocation().get();
    KubernetesClusterView cluster = new KubernetesClusterView(client);
    boolean podUsesIt =
        lookup.pod().isPresent()
            && new LeakJudge(cluster).whyLeaked(allocation.owner(), ip).isEmpty();
    if (podUsesIt && !force) {
      throw new CtlException(
          ip
              + " is used by pod "
              + lookup.pod().get()
              + lookup.podNode().map(n -> " on node " + n).orElse("")
              + ", which still exists; --force releases it anyway");
    }
    ReleaseOutcome outcome;
    try {
      // The sequence number read above: an address assigned again meanwhile is not released.
      outcome =
          new IpamAllocator(datastore, cluster, ConflictRetry.standard())
              .releaseAddress(ip, allocation.sequenceNumber());
    } catch (ConflictRetriesExhaustedException e) {
      throw new CtlException(e.getMessage());
    }
    if (outcome != ReleaseOutcome.RELEASED) {
      throw new CtlException(
          ip
              + (outcome == ReleaseOutcome.STALE
                  ? " was released and assigned again while tabbyctl looked; nothing released"
                  : " was released meanwhile; nothing to release"));
    }
    return new Released(
        ip.toString(),
        lookup.block().map(Object::toString).orElse(null),
        allocation.handleId(),
        lookup.pod().orElse(null),
        podUsesIt);
  }
}
