package dev.tabby.bgp.rib;

import java.util.List;

/**
 * One page of a listing of the Loc-RIB, in prefix order.
 *
 * @param routes the best route to each prefix of the page
 * @param complete true when no matching prefix follows the page's last
 */
public record RoutePage(List<Route> routes, boolean complete) {
  public RoutePage {
    routes = List.copyOf(routes);
  }
}
