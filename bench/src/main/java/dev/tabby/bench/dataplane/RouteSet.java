package dev.tabby.bench.dataplane;

import dev.tabby.dataplane.Route;
import dev.tabby.net.IpAddress;
import dev.tabby.net.IpPrefix;
import java.util.ArrayList;
import java.util.List;

/** The benchmark's routes: consecutive IPv4 /26 networks from 10.0.0.0, each via one next hop. */
final class RouteSet {
  private final List<IpPrefix> prefixes;

  RouteSet(int count) {
    if (count < 1 || count > 1 << 18) {
      throw new IllegalArgumentException(
          "route count must be in 1.." + (1 << 18) + ", not " + count);
    }
    prefixes = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int address = (10 << 24) + (i << 6);
      byte[] bytes = {
        (byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address
      };
      prefixes.add(IpPrefix.of(IpAddress.of(bytes), 26));
    }
  }

  int size() {
    return prefixes.size();
  }

  List<Route> via(IpAddress gateway, int protocol) {
    List<Route> routes = new ArrayList<>(prefixes.size());
    for (IpPrefix prefix : prefixes) {
      routes.add(Route.via(prefix, gateway).withProtocol(protocol));
    }
    return routes;
  }

  /** One `ip -batch` line per route, e.g. "route add 10.0.0.0/26 via 192.0.2.2 proto 81". */
  String ipBatch(String verb, IpAddress gateway, int protocol) {
    StringBuilder text = new StringBuilder(prefixes.size() * 48);
    for (IpPrefix prefix : prefixes) {
      text.append("route ").append(verb).append(' ').append(prefix);
      if (gateway != null) {
        text.append(" via ").append(gateway);
      }
      text.append(" proto ").append(protocol).append('\n');
    }
    return text.toString();
  }
}
