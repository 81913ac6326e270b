package dev.tabby.node;

import dev.tabby.bgp.rib.BestPathChange;
import dev.tabby.dataplane.NextHop;
import dev.tabby.dataplane.Route;
import dev.tabby.dataplane.RouteKey;
import dev.tabby.dataplane.RouteTable;
import dev.tabby.net.IpAddress;
import dev.tabby.net.IpPrefix;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Best paths → kernel routes. A learned prefix becomes a route through the next hops of its
 * multipath set (ECMP when there are several); a withdrawal or a route of our own removes it. Not
 * thread-safe: the speaker calls it on its RIB thread only.
 *
 * <p>Each route carries the node's BGP address of its family as preferred source: what the node
 * itself sends to a remote pod leaves from the address every other node (and the top-of-rack
 * router) has a route back to, whichever interface or secondary address the kernel would pick.
 */
public final class LearnedRoutes {

  private final RouteTable routes = new RouteTable();
  private final IpAddress ipv4Source;
  private final IpAddress ipv6Source;
  private Set<InetAddress> lastGateways = Set.of();
  private List<NextHop> lastNextHops = List.of();

  /**
   * @param ipv4Source the preferred source of IPv4 routes; null lets the kernel choose
   * @param ipv6Source the same for IPv6
   */
  public LearnedRoutes(IpAddress ipv4Source, IpAddress ipv6Source) {
    this.ipv4Source = ipv4Source;
    this.ipv6Source = ipv6Source;
  }

  /**
   * What one batch of best-path changes did to the kernel routes: only these go to the reconciler,
   * so a full table arriving in many batches costs each batch its own size, not the table's.
   *
   * @param upserted routes added or changed
   * @param removed the keys of routes that went
   */
  public record Changes(List<Route> upserted, List<RouteKey> removed) {

    public Changes {
      upserted = List.copyOf(upserted);
      removed = List.copyOf(removed);
    }

    public boolean isEmpty() {
      return upserted.isEmpty() && removed.isEmpty();
    }
  }

  /** Applies one batch of best-path changes and returns what changed in the kernel routes. */
  public Changes apply(List<BestPathChange> changes) {
    List<Route> upserted = new ArrayList<>();
    List<RouteKey> removed = new ArrayList<>();
    for (BestPathChange change : changes) {
      Route route = toRoute(change);
      if (route == null) {
        RouteKey key = RouteKey.inMainTable(change.prefix());
        if (routes.remove(key) != null) {
          removed.add(key);
        }
      } else if (!route.equals(routes.put(route))) {
        upserted.add(route);
      }
    }
    return new Changes(upserted, removed);
  }

  /** The routes as they stand. */
  public List<Route> routes() {
    return List.copyOf(routes.toMap().values());
  }

  public int size() {
    return routes.size();
  }

  /**
   * The next hops through these gateways: the same list as the last route's when the gateways are
   * the same, as they are for most of a table, so the route tables downstream share it.
   */
  private List<NextHop> nextHops(Set<InetAddress> gateways) {
    if (!gateways.equals(lastGateways)) {
      List<NextHop> nextHops = new ArrayList<>();
      for (InetAddress gateway : gateways) {
        nextHops.add(NextHop.via(IpAddress.of(gateway)));
      }
      lastGateways = gateways;
      lastNextHops = List.copyOf(nextHops);
    }
    return lastNextHops;
  }

  private Route toRoute(BestPathChange change) {
    if (change.best() == null || change.best().locallyOriginated()) {
      return null;
    }
    Set<InetAddress> gateways = new LinkedHashSet<>();
    var paths = change.multipath().isEmpty() ? List.of(change.best()) : change.multipath();
    for (var path : paths) {
      InetAddress nextHop = path.attributes().nextHop();
      if (nextHop != null) {
        gateways.add(nextHop);
      }
    }
    if (gateways.isEmpty()) {
      return null;
    }
    IpPrefix destination = change.prefix();
    return Route.unicast(destination, nextHops(gateways))
        .withSource(destination.isIpv4() ? ipv4Source : ipv6Source);
  }
}
