package dev.tabby.dataplane;

import dev.tabby.net.IpPrefix;

/** The identity of a route in the kernel: destination, table and metric. */
public record RouteKey(IpPrefix destination, int table, int metric) {
  /**
   * The key of a route to the destination in the main table with the default metric, as {@link
   * Route#unicast} makes it (the kernel's 1024 for IPv6).
   */
  public static RouteKey inMainTable(IpPrefix destination) {
    return new RouteKey(
        destination, Route.TABLE_MAIN, destination.isIpv6() ? Route.IPV6_DEFAULT_METRIC : 0);
  }

  @Override
  public String toString() {
    return destination + " table " + table + " metric " + metric;
  }
}
