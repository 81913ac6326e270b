package dev.tabby.bgp.rib;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;

/**
 * One page of a listing of the Loc-RIB, in prefix order.
 *
 * @param routes the best route to each prefix of the page
 * @param complete true when no matching prefix follows the page's last
 * @param ecmpNextHops for each route of the page whose multipath set has several next hops, those
 *     next hops, the best path's first (the routes a node installs as ECMP); no entry for the
 *     others
 */
public record RoutePage(
    List<Route> routes, boolean complete, Map<Route, List<InetAddress>> ecmpNextHops) {
  public RoutePage {
    routes = List.copyOf(routes);
    ecmpNextHops = Map.copyOf(ecmpNextHops);
  }

  /**
   * Every next hop of {@code route} (one of this page's): those of its multipath set, else its own;
   * empty for a route with none.
   */
  public List<InetAddress> nextHops(Route route) {
    List<InetAddress> ecmp = ecmpNextHops.isEmpty() ? null : ecmpNextHops.get(route);
    if (ecmp != null) {
      return ecmp;
    }
    InetAddress nextHop = route.attributes().nextHop();
    return nextHop == null ? List.of() : List.of(nextHop);
  }
}
