package dev.tabby.ctl;

import java.io.PrintWriter;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/** {@code tabbyctl bgp ...}: a BGP speaker's sessions and routes, from its state endpoint. */
@Command(
    name = "bgp",
    mixinStandardHelpOptions = true,
    description = "Show a tabby-bgp speaker's sessions and routes.",
    subcommands = {BgpCommand.Peers.class, BgpCommand.Routes.class})
final class BgpCommand {

  /** How results are printed. */
  enum Output {
    table,
    json
  }

  @Option(
      names = "--endpoint",
      defaultValue = "http://127.0.0.1:8179",
      description = "The speaker's state endpoint (default: ${DEFAULT-VALUE}).",
      scope = picocli.CommandLine.ScopeType.INHERIT)
  URI endpoint;

  @Option(
      names = {"-o", "--output"},
      defaultValue = "table",
      description = "table or json (default: ${DEFAULT-VALUE}).",
      scope = picocli.CommandLine.ScopeType.INHERIT)
  Output output;

  StateClient client() {
    return new StateClient(endpoint);
  }

  /**
   * {@code tabbyctl bgp peers}: like a router's {@code show bgp summary}. InQ counts the peer's
   * UPDATEs waiting for the RIB, OutQ the bytes waiting to be written to it.
   */
  @Command(name = "peers", mixinStandardHelpOptions = true, description = "BGP sessions.")
  static final class Peers implements Callable<Integer> {
    @ParentCommand BgpCommand bgp;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      StateClient client = bgp.client();
      JsonNode state = client.get("/peers");
      PrintWriter out = spec.commandLine().getOut();
      if (bgp.output == Output.json) {
        out.println(client.pretty(state));
        return 0;
      }
      out.printf(
          "BGP router identifier %s, local AS number %s%n%n",
          state.path("routerId").asString(), state.path("localAs").asString());
      Table table =
          new Table(
              "Neighbor",
              "AS",
              "State",
              "Up/Down",
              "Rcvd",
              "Accepted",
              "Sent",
              "InQ",
              "OutQ",
              "Families");
      List<String> errors = new ArrayList<>();
      for (JsonNode peer : state.path("peers")) {
        String address = peer.path("address").asString();
        table.row(
            address,
            peer.path("as").asString(),
            peer.path("state").asString(),
            Durations.compact(peer.path("uptimeSeconds").asLong()),
            peer.path("received").asLong(),
            peer.path("accepted").asLong(),
            peer.path("advertised").asLong(),
            peer.path("queuedUpdates").asLong(),
            peer.path("queuedBytes").asLong(),
            String.join(",", texts(peer.path("capabilities").path("families"))));
        String error = peer.path("lastError").asString("");
        if (!error.isEmpty()) {
          errors.add(address + ": " + error);
        }
      }
      out.print(table.render());
      if (!errors.isEmpty()) {
        out.println();
        out.println("Last errors:");
        errors.forEach(error -> out.println("  " + error));
      }
      out.printf("%nTotal number of neighbors %d%n", state.path("peers").size());
      return 0;
    }
  }

  /** {@code tabbyctl bgp routes}: the Loc-RIB, like {@code show bgp ipv4 unicast}. */
  @Command(name = "routes", mixinStandardHelpOptions = true, description = "Best routes.")
  static final class Routes implements Callable<Integer> {
    @ParentCommand BgpCommand bgp;
    @Spec CommandSpec spec;

    @Option(names = "--count", description = "Only count the prefixes.")
    boolean count;

    @Override
    public Integer call() {
      StateClient client = bgp.client();
      JsonNode state = client.get(count ? "/routes?count" : "/routes");
      PrintWriter out = spec.commandLine().getOut();
      if (bgp.output == Output.json) {
        out.println(client.pretty(state));
        return 0;
      }
      if (!count) {
        Table table =
            new Table("Network", "Next Hop", "LocPrf", "MED", "Path", "Communities", "From");
        for (JsonNode route : state.path("routes")) {
          String asPath = route.path("asPath").asString("");
          String origin = originCode(route.path("origin").asString(""));
          table.row(
              route.path("prefix").asString(),
              route.path("nextHop").asString(""),
              route.path("localPref").asString(""),
              route.path("med").asString(""),
              (asPath.isEmpty() ? "" : asPath + " ") + origin,
              String.join(" ", texts(route.path("communities"))),
              route.path("from").asString());
        }
        out.print(table.render());
        out.println();
      }
      out.printf("Total number of prefixes %d%n", state.path("count").asLong());
      return 0;
    }

    /** As routers print it after the AS path: i, e or ?. */
    private static String originCode(String origin) {
      return switch (origin) {
        case "IGP" -> "i";
        case "EGP" -> "e";
        case "INCOMPLETE" -> "?";
        default -> origin;
      };
    }
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    for (JsonNode element : array) {
      texts.add(element.asString());
    }
    return texts;
  }
}
