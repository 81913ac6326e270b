package dev.tabby.ctl;

import dev.tabby.ipam.IpamChecker;
import dev.tabby.ipam.IpamReport;
import dev.tabby.ipam.ListedClusterView;
import dev.tabby.ipam.store.Datastore;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code tabbyctl ipam check}: IPAM's consistency report ({@link IpamChecker}), each problem with
 * the fix it calls for. Changes nothing.
 */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = {
      "Check that IPAM's books add up: every address's pod exists, handles count what blocks hold,"
          + " affinities have their blocks, blocks are sound, every pool is used.",
      "Prints each problem with its fix; changes nothing. Exit code 1 when a problem is found."
    })
final class IpamCheckCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin OutputOption output;
  @Mixin KubeOptions kube;

  /**
   * One problem of the report.
   *
   * @param kind the report's section
   * @param fix what would set it right
   */
  record Problem(String kind, String problem, String fix) {}

  /** The report as {@code -o json} prints it. */
  record Report(boolean consistent, List<Problem> problems) {}

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Report report;
    try (KubernetesClient client = kube.client()) {
      report =
          kube.call(
              () ->
                  problems(
                      new IpamChecker(Datastore.kubernetes(client), new ListedClusterView(client))
                          .check()));
    }
    if (!output.table()) {
      output.print(out, report);
    } else if (report.consistent()) {
      out.println("IPAM is consistent.");
    } else {
      int count = report.problems().size();
      out.println("IPAM is inconsistent: " + count + (count == 1 ? " problem." : " problems."));
      for (Problem p : report.problems()) {
        out.println(p.kind() + ": " + p.problem() + " -> " + p.fix());
      }
    }
    out.flush();
    return report.consistent() ? ExitCodes.OK : ExitCodes.FAILURE;
  }

  private static Report problems(IpamReport report) {
    List<Problem> problems = new ArrayList<>();
    add(
        problems,
        "unused address",
        report.allocatedButUnused(),
        "release it: tabbyctl ipam release --ip ADDRESS, or let tabby-controller release it"
            + " after its grace period");
    add(
        problems,
        "handle",
        report.handleProblems(),
        "recount: release the handle's addresses (tabbyctl ipam release --ip ADDRESS) or delete"
            + " an IPAMHandle that holds none");
    add(
        problems,
        "affinity",
        report.affinitiesWithoutBlocks(),
        "delete the BlockAffinity; the node claims another block when it needs one");
    add(
        problems,
        "block",
        report.impossibleBlocks(),
        "inspect the IPAMBlock (Tabby never writes this state); release its addresses, then"
            + " delete it");
    add(
        problems,
        "pool",
        report.ignoredPools(),
        "change the IPPool so it overlaps nothing (tabbyctl apply names the overlap), or delete"
            + " it");
    return new Report(problems.isEmpty(), problems);
  }

  private static void add(List<Problem> problems, String kind, List<String> lines, String fix) {
    lines.forEach(line -> problems.add(new Problem(kind, line, fix)));
  }
}
