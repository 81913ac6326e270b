package dev.tabby.ctl;

import dev.tabby.net.IpAddress;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/** {@code tabbyctl bgp ...}: a BGP speaker's sessions and routes, from its state endpoint. */
@Command(
    name = "bgp",
    mixinStandardHelpOptions = true,
    description = "Show a tabby-bgp speaker's sessions and routes.",
    subcommands = {BgpCommand.Peers.class, BgpCommand.Neighbor.class, BgpCommand.Routes.class})
final class BgpCommand {

  @Option(
      names = "--endpoint",
      paramLabel = "URL",
      defaultValue = "http://127.0.0.1:8179",
      description =
          "The speaker's state endpoint: tabby-bgp's, or a node agent's http://NODE:9099"
              + " (default: ${DEFAULT-VALUE}).",
      scope = picocli.CommandLine.ScopeType.INHERIT)
  URI endpoint;

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
    @Mixin OutputOption output;

    @Override
    public Integer call() {
      StateClient client = bgp.client();
      JsonNode state = client.get("/peers");
      PrintWriter out = spec.commandLine().getOut();
      if (!output.table()) {
        output.print(out, state);
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
      List<String> limits = new ArrayList<>();
      for (JsonNode peer : state.path("peers")) {
        String address = peer.path("address").asString();
        String downUntil = peer.path("prefixLimitExceededUntil").asString("");
        table.row(
            address,
            peer.path("as").asString(),
            GracefulRestartView.state(peer)
                + (downUntil.isEmpty() ? "" : " (prefix-limit-exceeded until " + downUntil + ")"),
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
        BgpNeighborView.prefixLimits(peer).forEach(limit -> limits.add(address + " " + limit));
      }
      out.print(table.render());
      if (!errors.isEmpty()) {
        out.println();
        out.println("Last errors:");
        errors.forEach(error -> out.println("  " + error));
      }
      if (!limits.isEmpty()) {
        out.println();
        out.println("Prefix limits:");
        limits.forEach(limit -> out.println("  " + limit));
      }
      GracefulRestartView.print(out, state);
      out.printf("%nTotal number of neighbors %d%n", state.path("peers").size());
      return 0;
    }
  }

  /**
   * {@code tabbyctl bgp neighbor [ADDRESS]}: like a router's {@code show bgp neighbors}, one
   * session (or every one) in detail with what its OPENs negotiated and its BFD session.
   */
  @Command(
      name = "neighbor",
      aliases = "peer",
      mixinStandardHelpOptions = true,
      description =
          "One BGP session in detail (all without ADDRESS): negotiated capabilities, BFD.")
  static final class Neighbor implements Callable<Integer> {
    @ParentCommand BgpCommand bgp;
    @Spec CommandSpec spec;
    @Mixin OutputOption output;

    @Parameters(
        index = "0",
        arity = "0..1",
        paramLabel = "ADDRESS",
        converter = IpAddressConverter.class,
        description = "The peer's address.")
    IpAddress address;

    @Override
    public Integer call() {
      JsonNode state = bgp.client().get("/peers");
      List<JsonNode> peers = new ArrayList<>();
      for (JsonNode peer : state.path("peers")) {
        if (address == null || address.equals(IpAddress.parse(peer.path("address").asString()))) {
          peers.add(peer);
        }
      }
      if (peers.isEmpty() && address != null) {
        throw new CtlException("no BGP session with " + address + " at " + bgp.endpoint);
      }
      PrintWriter out = spec.commandLine().getOut();
      if (!output.table()) {
        output.print(out, address == null ? state.path("peers") : peers.get(0));
        return 0;
      }
      for (int i = 0; i < peers.size(); i++) {
        out.print((i == 0 ? "" : "\n") + BgpNeighborView.render(peers.get(i)));
      }
      return 0;
    }
  }

  /**
   * {@code tabbyctl bgp routes}: the Loc-RIB, like {@code show bgp ipv4 unicast}, filtered as
   * {@code birdc show route} filters. A table is read and printed a page at a time, so a listing of
   * millions of routes holds neither the speaker nor tabbyctl up.
   */
  @Command(name = "routes", mixinStandardHelpOptions = true, description = "Best routes.")
  static final class Routes implements Callable<Integer> {
    /** Routes asked for at a time when printing a table. */
    static final int PAGE = 10_000;

    @ParentCommand BgpCommand bgp;
    @Spec CommandSpec spec;
    @Mixin OutputOption output;

    @Option(names = "--count", description = "Only count the prefixes (that pass the filters).")
    boolean count;

    @Option(
        names = "--prefix",
        paramLabel = "PREFIX",
        description = "Only this prefix (birdc: show route PREFIX).")
    String prefix;

    @Option(
        names = "--match",
        paramLabel = "ADDRESS",
        description =
            "The longest prefix containing the address or prefix (birdc: show route for ADDRESS).")
    String match;

    @Option(
        names = "--within",
        paramLabel = "PREFIX",
        description =
            "The prefix and every more specific one (birdc: show route in PREFIX;"
                + " vtysh: longer-prefixes).")
    String within;

    @Option(
        names = "--peer",
        paramLabel = "ADDRESS|local",
        description = "Only best routes learned from this peer; local: only our own.")
    String peer;

    @Option(
        names = "--community",
        paramLabel = "COMMUNITY",
        description = "Only routes tagged with it: 65000:100, no-export, no-advertise.")
    String community;

    @Option(
        names = "--limit",
        paramLabel = "N",
        description = "At most N routes; when more follow, the last line says where to go on.")
    Long limit;

    @Option(
        names = "--after",
        paramLabel = "PREFIX",
        description = "Start after this prefix (routes come in prefix order).")
    String after;

    @Override
    public Integer call() {
      StateClient client = bgp.client();
      PrintWriter out = spec.commandLine().getOut();
      if (count) {
        JsonNode state = client.get(path(filters(), null, null, true));
        if (!output.table()) {
          output.print(out, state);
        } else {
          out.printf("Total number of prefixes %d%n", state.path("count").asLong());
        }
        return 0;
      }
      if (output.format == OutputOption.Format.json) {
        // The endpoint's document as it arrives: a big table is never held here.
        client.copy(path(filters(), after, limit, false), out);
        out.println();
        return 0;
      }
      if (output.format == OutputOption.Format.yaml) {
        // YAML is for reading a page: at most --limit routes, or one page, held here.
        output.print(out, client.get(path(filters(), after, limit == null ? PAGE : limit, false)));
        return 0;
      }
      long printed = 0;
      String from = after;
      String next;
      do {
        long want = limit == null ? PAGE : Math.min(PAGE, limit - printed);
        JsonNode page = client.get(path(filters(), from, want, false));
        printed += printPage(out, page, printed == 0);
        next = page.path("next").asString(null);
        from = next;
      } while (next != null && (limit == null || printed < limit));
      out.println();
      out.printf("Total number of prefixes %d%n", printed);
      if (next != null) {
        out.printf("More routes follow: --after %s%n", next);
      }
      return 0;
    }

    /** Prints a page's routes, aligned within the page; returns how many. */
    private static int printPage(PrintWriter out, JsonNode page, boolean header) {
      Table table =
          new Table("Network", "Next Hop", "LocPrf", "MED", "Path", "Communities", "From");
      for (JsonNode route : page.path("routes")) {
        String asPath = route.path("asPath").asString("");
        String origin = originCode(route.path("origin").asString(""));
        table.row(
            route.path("prefix").asString(),
            nextHops(route),
            route.path("localPref").asString(""),
            route.path("med").asString(""),
            (asPath.isEmpty() ? "" : asPath + " ") + origin,
            String.join(" ", texts(route.path("communities"))),
            route.path("from").asString());
      }
      String text = table.render();
      out.print(header ? text : text.substring(text.indexOf('\n') + 1));
      return page.path("routes").size();
    }

    /** Every next hop of an ECMP route, else its one (a speaker may send only {@code nextHop}). */
    private static String nextHops(JsonNode route) {
      List<String> nextHops = texts(route.path("nextHops"));
      return nextHops.isEmpty() ? route.path("nextHop").asString("") : String.join(",", nextHops);
    }

    private Map<String, String> filters() {
      Map<String, String> filters = new LinkedHashMap<>();
      filters.put("prefix", prefix);
      filters.put("match", match);
      filters.put("within", within);
      filters.put("peer", peer);
      filters.put("community", community);
      return filters;
    }

    /** {@code /routes?...} with the given parameters; null ones are left out. */
    private static String path(
        Map<String, String> filters, String after, Long limit, boolean count) {
      StringJoiner query = new StringJoiner("&", "?", "").setEmptyValue("");
      if (count) {
        query.add("count");
      }
      Map<String, String> parameters = new LinkedHashMap<>(filters);
      parameters.put("after", after);
      parameters.put("limit", limit == null ? null : limit.toString());
      parameters.forEach(
          (name, value) -> {
            if (value != null) {
              query.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
            }
          });
      return "/routes" + query;
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

  /** The strings of a JSON array. */
  static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    for (JsonNode element : array) {
      texts.add(element.asString());
    }
    return texts;
  }
}
