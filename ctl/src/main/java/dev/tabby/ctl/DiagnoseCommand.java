package dev.tabby.ctl;

import dev.tabby.dataplane.AddressFamilies;
import dev.tabby.dataplane.Netlink;
import dev.tabby.dataplane.Route;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tabbyctl diagnose}: the troubleshooting checklist, cluster-wide through the Kubernetes API
 * and on this node (run it on the node, in its network namespace).
 */
@Command(
    name = "diagnose",
    mixinStandardHelpOptions = true,
    description = {
      "Walk the pod network checklist and say for each step OK, or what is wrong and how to fix"
          + " it. Cluster-wide (Kubernetes API): nodes Ready, the agent ready on each node, every"
          + " node holds a block, pod addresses from valid pools. On this node: CNI config and"
          + " plugins, kernel routes to the blocks, BGP sessions, IP forwarding, firewall.",
      "Exit code 1 when a check failed."
    })
final class DiagnoseCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin OutputOption output;
  @Mixin KubeOptions kube;

  @Option(
      names = "--node",
      paramLabel = "NAME",
      description = "This node's Node name (default: $NODE_NAME, else the host name).")
  String node;

  @Option(
      names = "--endpoint",
      paramLabel = "URL",
      defaultValue = "http://127.0.0.1:9099",
      description = "This node's agent HTTP endpoint (default: ${DEFAULT-VALUE}).")
  URI endpoint;

  @Option(
      names = "--cni-conf-dir",
      paramLabel = "DIR",
      defaultValue = "/etc/cni/net.d",
      description = "The CNI config directory (default: ${DEFAULT-VALUE}).")
  Path cniConfDir;

  @Option(
      names = "--cni-bin-dir",
      paramLabel = "DIR",
      defaultValue = "/opt/cni/bin",
      description = "The CNI plugin directory (default: ${DEFAULT-VALUE}).")
  Path cniBinDir;

  @Override
  public Integer call() {
    List<CheckOutcome> outcomes;
    try (KubernetesClient client = kube.client()) {
      Supplier<ClusterSnapshot> cluster = once(() -> ClusterSnapshot.read(client, kube));
      outcomes = new DiagnoseRunner(checks(cluster)).run();
    }
    PrintWriter out = spec.commandLine().getOut();
    DiagnoseReport report = new DiagnoseReport(outcomes);
    if (output.table()) {
      out.print(report.table());
      out.flush();
    } else {
      output.print(out, report.document());
    }
    return report.anyFailed() ? ExitCodes.FAILURE : ExitCodes.OK;
  }

  private List<DiagnosticCheck> checks(Supplier<ClusterSnapshot> cluster) {
    return List.of(
        new NodesReadyCheck(cluster),
        new AgentsReadyCheck(cluster),
        new NodeBlocksCheck(cluster),
        new PodAddressesCheck(cluster),
        new CniConfigCheck(cniConfDir),
        new CniBinariesCheck(cniBinDir),
        new KernelRoutesCheck(cluster, nodeName(), DiagnoseCommand::kernelRoutes),
        new BgpSessionsCheck(new StateClient(endpoint)),
        new ForwardingCheck(Path.of("/proc/sys"), cluster),
        new FirewallCheck(cluster, new HostTools()));
  }

  private String nodeName() {
    if (node != null) {
      return node;
    }
    String fromEnvironment = System.getenv("NODE_NAME");
    if (fromEnvironment != null && !fromEnvironment.isBlank()) {
      return fromEnvironment;
    }
    try {
      return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
    } catch (IOException e) {
      throw new CtlException("cannot read the host name (pass --node): " + e.getMessage());
    }
  }

  /** The main table's routes of both families, from this network namespace's kernel. */
  private static List<Route> kernelRoutes() {
    try (Netlink netlink = Netlink.open()) {
      List<Route> routes = new ArrayList<>(netlink.routes(AddressFamilies.AF_INET));
      routes.addAll(netlink.routes(AddressFamilies.AF_INET6));
      return routes.stream().filter(route -> route.table() == Route.TABLE_MAIN).toList();
    } catch (RuntimeException | LinkageError e) {
      throw new CtlException("cannot read the kernel's routes through netlink: " + e.getMessage());
    }
  }

  /** Reads at most once; a failure is thrown again to every caller. */
  private static <T> Supplier<T> once(Supplier<T> read) {
    return new Supplier<>() {
      private T value;
      private CtlException failure;

      @Override
      public T get() {
        if (value == null && failure == null) {
          try {
            value = read.get();
          } catch (CtlException e) {
            failure = e;
          }
        }
        if (failure != null) {
          throw failure;
        }
        return value;
      }
    };
  }
}
