package dev.tabby.dataplane;

import dev.tabby.net.IpAddress;
import dev.tabby.net.IpPrefix;
import java.util.List;
import java.util.Objects;

/**
 * A kernel route as Tabby sees it.
 *
 * <p>A gateway has the destination's family, but for an IPv4 route via an IPv6 gateway (RFC 8950
 * routes learned over an IPv6-only link), which the kernel carries as RTA_VIA.
 *
 * @param destination the network the route covers
 * @param type unicast (with next hops), blackhole or unreachable (without)
 * @param nextHops one for a plain route, several for an ECMP (multipath) route
 * @param table routing table id (254 is main)
 * @param protocol the rtm_protocol number that says who owns the route
 * @param metric the route's priority; IPv6 has no metric 0 and the kernel makes it 1024
 * @param mtu the route's MTU metric, 0 for none
 * @param source the preferred source address (RTA_PREFSRC) of packets this host sends along the
 *     route, an address of this host; null to let the kernel choose
 */
public record Route(
    IpPrefix destination,
    RouteType type,
    List<NextHop> nextHops,
    int table,
    int protocol,
    int metric,
    int mtu,
    IpAddress source) {
  public static final int TABLE_MAIN = 254;
  public static final int IPV6_DEFAULT_METRIC = 1024;

  public Route {
    nextHops = List.copyOf(nextHops);
    if (type == RouteType.UNICAST && nextHops.isEmpty()) {
      throw new IllegalArgumentException("unicast route to " + destination + " has no next hop");
    }
    if (type != RouteType.UNICAST && !nextHops.isEmpty()) {
      throw new IllegalArgumentException(
          type.name().toLowerCase() + " route to " + destination + " cannot have next hops");
    }
    for (NextHop hop : nextHops) {
      if (hop.gateway() != null
          && hop.gateway().family() != destination.family()
          && !(destination.isIpv4() && hop.gateway().isIpv6())) {
        throw new IllegalArgumentException(
            "route to " + destination + " via " + hop.gateway() + " mixes address families");
      }
    }
    if (table <= 0 || protocol < 0 || protocol > 255 || metric < 0 || mtu < 0) {
      throw new IllegalArgumentException(
          "route to " + destination + ": table, protocol, metric or mtu out of range");
    }
    if (source != null && source.family() != destination.family()) {
      throw new IllegalArgumentException(
          "route to " + destination + " from " + source + " mixes address families");
    }
    if (metric == 0 && destination.isIpv6()) {
      metric = IPV6_DEFAULT_METRIC;
    }
  }

  /** A route via a gateway, in the main table, protocol unspecified (0) until stamped. */
  public static Route via(IpPrefix destination, IpAddress gateway) {
    return unicast(destination, List.of(NextHop.via(gateway)));
  }

  /** A route straight out of an interface. */
  public static Route device(IpPrefix destination, int ifIndex) {
    return unicast(destination, List.of(NextHop.device(ifIndex)));
  }

  /** A route with one or more next hops; several make an ECMP route. */
  public static Route unicast(IpPrefix destination, List<NextHop> nextHops) {
    return new Route(destination, RouteType.UNICAST, nextHops, TABLE_MAIN, 0, 0, 0, null);
  }

  public static Route blackhole(IpPrefix destination) {
    return new Route(destination, RouteType.BLACKHOLE, List.of(), TABLE_MAIN, 0, 0, 0, null);
  }

  public static Route unreachable(IpPrefix destination) {
    return new Route(destination, RouteType.UNREACHABLE, List.of(), TABLE_MAIN, 0, 0, 0, null);
  }

  /** This route to another destination of the same family. */
  public Route withDestination(IpPrefix newDestination) {
    return new Route(newDestination, type, nextHops, table, protocol, metric, mtu, source);
  }

  public Route inTable(int newTable) {
    return new Route(destination, type, nextHops, newTable, protocol, metric, mtu, source);
  }

  public Route withProtocol(int newProtocol) {
    return new Route(destination, type, nextHops, table, newProtocol, metric, mtu, source);
  }

  public Route withMetric(int newMetric) {
    return new Route(destination, type, nextHops, table, protocol, newMetric, mtu, source);
  }

  public Route withMtu(int newMtu) {
    return new Route(destination, type, nextHops, table, protocol, metric, newMtu, source);
  }

  /** This route with a preferred source address; null lets the kernel choose. */
  public Route withSource(IpAddress newSource) {
    return new Route(destination, type, nextHops, table, protocol, metric, mtu, newSource);
  }

  /** The kernel's number for the destination's family ({@link AddressFamilies}). */
  public int family() {
    return AddressFamilies.of(destination.family());
  }

  /** What the kernel identifies the route by: two routes with one key cannot coexist. */
  public RouteKey key() {
    return new RouteKey(destination, table, metric);
  }

  /**
   * Whether a route read back from the kernel is this route as intended: same type, protocol, MTU,
   * source and set of next hops (an interface left to the kernel matches whichever it chose).
   */
  public boolean isSatisfiedBy(Route installed) {
    if (table != installed.table
        || metric != installed.metric
        || !destination.equals(installed.destination)
        || type != installed.type
        || protocol != installed.protocol
        || mtu != installed.mtu
        || !Objects.equals(source, installed.source)
        || nextHops.size() != installed.nextHops.size()) {
      return false;
    }
    for (NextHop wanted : nextHops) {
      if (!anySatisfies(wanted, installed.nextHops)) {
        return false;
      }
    }
    return true;
  }

  private static boolean anySatisfies(NextHop wanted, List<NextHop> installed) {
    for (NextHop hop : installed) {
      if (wanted.isSatisfiedBy(hop)) {
        return true;
      }
    }
    return false;
  }

  /** Like {@code ip route}: "10.0.0.0/26 via 192.0.2.1 table 100 proto 81 metric 10". */
  @Override
  public String toString() {
    StringBuilder text = new StringBuilder();
    if (type != RouteType.UNICAST) {
      text.append(type.name().toLowerCase()).append(' ');
    }
    text.append(destination);
    if (nextHops.size() == 1) {
      text.append(' ').append(nextHops.get(0));
    } else {
      for (NextHop hop : nextHops) {
        text.append(" nexthop ").append(hop);
      }
    }
    if (source != null) {
      text.append(" src ").append(source);
    }
    text.append(" table ").append(table).append(" proto ").append(protocol);
    text.append(" metric ").append(metric);
    if (mtu > 0) {
      text.append(" mtu ").append(mtu);
    }
    return text.toString();
  }
}
