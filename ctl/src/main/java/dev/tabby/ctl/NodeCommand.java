package dev.tabby.ctl;

import java.io.PrintWriter;
import java.net.URI;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/** {@code tabbyctl node ...}: this node, as its agent sees it. */
@Command(
    name = "node",
    mixinStandardHelpOptions = true,
    description = "Show this node's state, from its tabby-node agent.",
    subcommands = {NodeCommand.Status.class})
final class NodeCommand {

  @Option(
      names = "--endpoint",
      paramLabel = "URL",
      defaultValue = "http://127.0.0.1:9099",
      description = "The node agent's HTTP endpoint (default: ${DEFAULT-VALUE}).",
      scope = picocli.CommandLine.ScopeType.INHERIT)
  URI endpoint;

  /**
   * {@code tabbyctl node status}: the node's BGP sessions as a router lists its neighbors. Exits
   * with {@link ExitCodes#FAILURE} when a session is not Established, so a script can wait on it.
   */
  @Command(
      name = "status",
      mixinStandardHelpOptions = true,
      description = "This node's BGP sessions; exit code 1 when one is not Established.")
  static final class Status implements Callable<Integer> {
    @ParentCommand NodeCommand node;
    @Spec CommandSpec spec;
    @Mixin OutputOption output;

    @Override
    public Integer call() {
      JsonNode state = new StateClient(node.endpoint).get("/peers");
      PrintWriter out = spec.commandLine().getOut();
      if (!output.table()) {
        output.print(out, state);
      } else {
        printTable(out, state);
      }
      return allEstablished(state) ? ExitCodes.OK : ExitCodes.FAILURE;
    }

    private static void printTable(PrintWriter out, JsonNode state) {
      long localAs = state.path("localAs").asLong();
      out.printf(
          "Node router identifier %s, AS %d%n%n", state.path("routerId").asString(), localAs);
      Table table =
          new Table(
              "Peer address", "Type", "State", "Since", "Received", "Advertised", "Last error");
      for (JsonNode peer : state.path("peers")) {
        table.row(
            peer.path("address").asString(),
            type(peer, localAs),
            GracefulRestartView.state(peer),
            Durations.compact(peer.path("uptimeSeconds").asLong()),
            peer.path("received").asLong(),
            peer.path("advertised").asLong(),
            peer.path("lastError").asString(""));
      }
      out.print(table.render());
      GracefulRestartView.print(out, state);
      out.flush();
    }

    /**
     * The agent's peer type (mesh, ToR, reflector) when it gives one; otherwise iBGP or eBGP, which
     * the AS numbers always tell.
     */
    private static String type(JsonNode peer, long localAs) {
      String type = peer.path("type").asString("");
      if (!type.isEmpty()) {
        return type;
      }
      return peer.path("as").asLong() == localAs ? "iBGP" : "eBGP";
    }

    private static boolean allEstablished(JsonNode state) {
      for (JsonNode peer : state.path("peers")) {
        if (!"Established".equals(peer.path("state").asString())) {
          return false;
        }
      }
      return true;
    }
  }
}
