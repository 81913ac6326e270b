package dev.tabby.bgp.rib;

import java.util.List;

/**
 * One page of a listing of the Loc-RIB, in prefix order.
 *
 * @param paths the best paths of the page
 * @param complete true when no matching prefix follows the page's last
 */
public record RoutePage(List<Path> paths, boolean complete) {
  public RoutePage {
    paths = List.copyOf(paths);
  }
}
