package dev.tabby.testbench.bgp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads {@code birdc} output: {@code show route all} and {@code show protocols all}. */
final class BirdOutput {

  /**
   * A route's first line: optional prefix (absent for a second path), route type, "[protocol since
   * ...]", then "*" when it is the best path.
   */
  private static final Pattern ROUTE_HEADER =
      Pattern.compile("^(\\S+)?\\s+\\S+\\s+\\[(\\S+)\\s[^\\]]*\\]\\s*(\\*)?");

  private static final Pattern ATTRIBUTE = Pattern.compile("^\\s+BGP\\.(\\w+):\\s*(.*)$");
  private static final Pattern COMMUNITY = Pattern.compile("\\((\\d+),(\\d+)\\)");

  /** BIRD wraps a long attribute (a big community set) onto lines indented with two tabs. */
  private static final String CONTINUATION = "\t\t";

  private static final Pattern IMPORTED = Pattern.compile("Routes:\\s+(\\d+) imported");

  private BirdOutput() {}

  /**
   * The routes of {@code show route all} that came from the given BGP protocols.
   *
   * @param peerOfProtocol protocol name to neighbour address; routes of other protocols are skipped
   */
  static List<LearnedRoute> routes(String showRouteAll, Map<String, String> peerOfProtocol) {
    List<LearnedRoute> routes = new ArrayList<>();
    RouteBuilder current = null;
    String prefix = null;
    for (String line : showRouteAll.lines().toList()) {
      Matcher header = ROUTE_HEADER.matcher(line);
      if (line.startsWith("Table ") || line.startsWith("BIRD ") || line.isBlank()) {
        continue;
      }
      if (header.find() && !line.startsWith("\t")) {
        if (current != null) {
          routes.add(current.build());
        }
        if (header.group(1) != null) {
          prefix = header.group(1);
        }
        String peer = peerOfProtocol.get(header.group(2));
        current = peer == null ? null : new RouteBuilder(prefix, peer, header.group(3) != null);
        continue;
      }
      Matcher attribute = ATTRIBUTE.matcher(line);
      if (current != null && attribute.matches()) {
        current.attribute(attribute.group(1), attribute.group(2).strip());
      } else if (current != null && line.startsWith(CONTINUATION)) {
        current.continueAttribute(line.strip());
      } else if (current != null) {
        current.endAttribute();
      }
    }
    if (current != null) {
      routes.add(current.build());
    }
    return routes;
  }

  /** The BGP sessions of {@code show protocols all}, keyed by protocol name. */
  static List<ProtocolState> protocols(String showProtocolsAll) {
    List<ProtocolState> protocols = new ArrayList<>();
    String name = null;
    String bgpState = null;
    Long imported = null;
    for (String line : showProtocolsAll.lines().toList()) {
      if (line.isBlank() || line.startsWith("BIRD ") || line.startsWith("Name ")) {
        continue;
      }
      if (!Character.isWhitespace(line.charAt(0))) {
        if (name != null && bgpState != null) {
          protocols.add(new ProtocolState(name, bgpState, imported));
        }
        String[] columns = line.split("\\s+");
        name = columns.length > 1 && columns[1].equals("BGP") ? columns[0] : null;
        bgpState = name == null ? null : columns.length > 5 ? columns[5] : columns[3];
        imported = null;
        continue;
      }
      String trimmed = line.strip();
      if (name != null && trimmed.startsWith("BGP state:")) {
        bgpState = trimmed.substring("BGP state:".length()).strip();
      }
      Matcher routes = IMPORTED.matcher(trimmed);
      if (name != null && routes.find()) {
        imported = (imported == null ? 0 : imported) + Long.parseLong(routes.group(1));
      }
    }
    if (name != null && bgpState != null) {
      protocols.add(new ProtocolState(name, bgpState, imported));
    }
    return protocols;
  }

  /** One BGP protocol's state line: name, BGP state, routes imported (null before any). */
  record ProtocolState(String name, String bgpState, Long imported) {}

  private static final class RouteBuilder {
    private final String prefix;
    private final String peer;
    private final boolean best;
    private List<String> nextHops = List.of();
    private List<Long> asPath = List.of();
    private List<String> communities = List.of();
    private Long localPref;
    private Long med;

    RouteBuilder(String prefix, String peer, boolean best) {
      this.prefix = prefix;
      this.peer = peer;
      this.best = best;
    }

    /** The attribute last read, which a continuation line extends. */
    private String lastName;

    private String lastValue;

    void endAttribute() {
      lastName = null;
    }

    void continueAttribute(String more) {
      if (lastName != null) {
        attribute(lastName, lastValue + " " + more);
      }
    }

    void attribute(String name, String value) {
      lastName = name;
      lastValue = value;
      switch (name) {
        case "next_hop" -> nextHops = words(value);
        case "as_path" ->
            asPath = words(value.replaceAll("[{}]", " ")).stream().map(Long::parseLong).toList();
        case "community" -> communities = communities(value);
        case "local_pref" -> localPref = Long.parseLong(value);
        case "med" -> med = Long.parseLong(value);
        default -> {
          // origin, atomic aggregate, unknown attributes: not part of the normalised route
        }
      }
    }

    LearnedRoute build() {
      return new LearnedRoute(prefix, peer, nextHops, asPath, communities, localPref, med, best);
    }

    private static List<String> communities(String value) {
      List<String> result = new ArrayList<>();
      Matcher m = COMMUNITY.matcher(value);
      while (m.find()) {
        result.add(m.group(1) + ":" + m.group(2));
      }
      return result;
    }

    private static List<String> words(String value) {
      return Arrays.stream(value.split("\\s+")).filter(w -> !w.isEmpty()).toList();
    }
  }
}
