package dev.tabby.bgp.daemon;

import com.google.common.net.InetAddresses;
import dev.tabby.bgp.rib.RouteFilter;
import dev.tabby.bgp.rib.RouteFilter.PrefixMatch;
import dev.tabby.bgp.wire.Communities;
import dev.tabby.net.IpAddress;
import dev.tabby.net.IpPrefix;
import java.net.InetAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * What a {@code GET /routes} asks for, from its query string: which routes ({@link RouteFilter}),
 * from where and how many, or only their number.
 *
 * @param filter which best paths
 * @param after list the prefixes after this one (a previous page's {@code next}); null: from the
 *     first
 * @param limit list at most this many; {@link Long#MAX_VALUE} when not limited
 * @param countOnly answer only how many routes pass the filter
 */
record RoutesQuery(RouteFilter filter, IpPrefix after, long limit, boolean countOnly) {

  private static final Set<String> PARAMETERS =
      Set.of("count", "limit", "after", "prefix", "match", "within", "peer", "community");

  /**
   * Parses a raw query string (null: none).
   *
   * @throws IllegalArgumentException naming the parameter that is wrong
   */
  static RoutesQuery parse(String rawQuery) {
    Map<String, String> parameters = parameters(rawQuery);
    PrefixMatch match = null;
    IpPrefix prefix = null;
    for (Map.Entry<String, PrefixMatch> kind :
        Map.of(
                "prefix", PrefixMatch.EXACT,
                "match", PrefixMatch.LONGEST,
                "within", PrefixMatch.MORE_SPECIFIC)
            .entrySet()) {
      String value = parameters.get(kind.getKey());
      if (value == null) {
        continue;
      }
      if (match != null) {
        throw new IllegalArgumentException("give at most one of prefix, match and within");
      }
      match = kind.getValue();
      prefix =
          match == PrefixMatch.LONGEST
              ? addressOrPrefix(kind.getKey(), value)
              : prefix(kind.getKey(), value);
    }
    String peer = parameters.get("peer");
    boolean originated = "local".equals(peer);
    InetAddress peerAddress = peer == null || originated ? null : address("peer", peer);
    String community = parameters.get("community");
    RouteFilter filter =
        new RouteFilter(
            match,
            prefix,
            peerAddress,
            originated,
            community == null ? null : community(community));
    String after = parameters.get("after");
    String limit = parameters.get("limit");
    return new RoutesQuery(
        filter,
        after == null ? null : prefix("after", after),
        limit == null ? Long.MAX_VALUE : limit(limit),
        parameters.containsKey("count"));
  }

  private static Map<String, String> parameters(String rawQuery) {
    Map<String, String> parameters = new HashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return parameters;
    }
    for (String pair : rawQuery.split("&")) {
      int equals = pair.indexOf('=');
      String name = decode(equals < 0 ? pair : pair.substring(0, equals));
      String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
      if (!PARAMETERS.contains(name)) {
        throw new IllegalArgumentException(
            "unknown parameter "
                + name
                + "; known: "
                + String.join(", ", PARAMETERS.stream().sorted().toList()));
      }
      if (parameters.put(name, value) != null) {
        throw new IllegalArgumentException("parameter " + name + " is given twice");
      }
    }
    return parameters;
  }

  private static String decode(String text) {
    try {
      return URLDecoder.decode(text, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("bad escape in the query: " + text, e);
    }
  }

  private static IpPrefix prefix(String name, String value) {
    try {
      return IpPrefix.parse(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
    }
  }

  /** An address stands for its host prefix (/32, /128). */
  private static IpPrefix addressOrPrefix(String name, String value) {
    if (value.contains("/")) {
      return prefix(name, value);
    }
    return IpPrefix.host(IpAddress.of(address(name, value)));
  }

  private static InetAddress address(String name, String value) {
    try {
      return InetAddresses.forString(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(name + ": not an IP address: " + value, e);
    }
  }

  private static int community(String value) {
    try {
      return Communities.parse(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("community: " + e.getMessage(), e);
    }
  }

  private static long limit(String value) {
    long limit;
    try {
      limit = Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("limit: not a number: " + value, e);
    }
    if (limit < 1) {
      throw new IllegalArgumentException("limit: must be at least 1, got " + limit);
    }
    return limit;
  }
}
