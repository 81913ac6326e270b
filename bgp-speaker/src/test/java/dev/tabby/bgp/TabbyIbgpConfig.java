package dev.tabby.bgp;

import java.util.List;
import java.util.stream.Collectors;

/** The interop tests' usual {@code tabby-bgp} config: one iBGP peer, some originated prefixes. */
final class TabbyIbgpConfig {

  private TabbyIbgpConfig() {}

  /**
   * Tabby at 10.0.0.1 in AS 65000 with one iBGP peer at 10.0.0.2, originating {@code prefixes},
   * each tagged with {@code communities}. Connect retry of 1 s: the peer may not listen yet at
   * Tabby's first attempt.
   */
  static String yaml(List<String> prefixes, List<String> communities) {
    StringBuilder yaml =
        new StringBuilder(
            """
            routerId: 10.0.0.1
            localAs: 65000
            listen: {address: 10.0.0.1, port: 179}
            peers:
              - {address: 10.0.0.2, as: 65000, connectRetryTime: 1}
            """);
    if (prefixes.isEmpty()) {
      return yaml.append("prefixes: []\n").toString();
    }
    String tags =
        communities.isEmpty()
            ? ""
            : communities.stream()
                .map(community -> "\"" + community + "\"")
                .collect(Collectors.joining(", ", ", communities: [", "]"));
    yaml.append("prefixes:\n");
    prefixes.forEach(
        prefix -> yaml.append("  - {prefix: ").append(prefix).append(tags).append("}\n"));
    return yaml.toString();
  }
}
