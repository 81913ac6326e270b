package dev.tabby.dataplane;

import dev.tabby.net.IpPrefix;

/** The identity of a route in the kernel: destination, table and metric. */
public record RouteKey(IpPrefix destination, int table, int metric) {
  @Override
  public String toString() {
    return destination + " table " + table + " metric " + metric;
  }
}
