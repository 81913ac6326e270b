package dev.tabby.node.cni;

import dev.tabby.cni.AgentRequest;
import dev.tabby.cni.CniException;
import dev.tabby.net.IpAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** ADD results in the CNI 1.x shape (the plugin adds what older versions need). */
final class CniResults {
  private CniResults() {}

  /** tabby: the host and pod interfaces, the pod's addresses on the pod interface, its routes. */
  static Map<String, Object> wired(
      AgentRequest request, PodWiring.WiredPod wired, List<IpAddress> addresses) {
    List<Object> interfaces = new ArrayList<>();
    interfaces.add(map("name", wired.hostVeth(), "mac", wired.hostMac()));
    Map<String, Object> pod = map("name", request.ifName(), "mac", wired.podMac());
    pod.put("sandbox", request.netns());
    interfaces.add(pod);
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("interfaces", interfaces);
    result.put("ips", ips(addresses));
    result.put("routes", defaultRoutes(addresses));
    copyDns(request, result);
    return result;
  }

  /**
   * tabby-ipam: addresses and the default route the calling plugin sets up; no interfaces.
   * Addresses of the configured subnet's family are given in that subnet, with its gateway.
   */
  static Map<String, Object> ipamOnly(
      List<IpAddress> addresses, Optional<NetworkSettings.Subnet> subnet) {
    List<Object> ips = new ArrayList<>();
    List<Object> routes = new ArrayList<>();
    for (IpAddress a : addresses) {
      Optional<NetworkSettings.Subnet> in = subnet.filter(s -> s.cidr().family() == a.family());
      if (in.isPresent() && !in.get().cidr().contains(a)) {
        throw new CniException(
            CniException.INVALID_NETWORK_CONFIG,
            "the assigned address " + a + " is not in \"subnet\" " + in.get().cidr(),
            "the subnet must cover the IP pools serving this node");
      }
      String gateway = in.map(s -> s.gateway().toString()).orElse(gateway(a).toString());
      int length = in.map(s -> s.cidr().length()).orElse(a.bits());
      ips.add(map("address", a + "/" + length, "gateway", gateway));
      routes.add(map("dst", a.isIpv4() ? "0.0.0.0/0" : "::/0", "gw", gateway));
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("ips", ips);
    result.put("routes", routes);
    return result;
  }

  /** The addresses of a CHECK's prevResult ("10.0.0.5/32"), or null if it has none. */
  static List<String> previousAddresses(Map<String, Object> config) {
    if (!(config.get("prevResult") instanceof Map<?, ?> previous)
        || !(previous.get("ips") instanceof List<?> ips)) {
      return null;
    }
    List<String> addresses = new ArrayList<>();
    for (Object ip : ips) {
      if (ip instanceof Map<?, ?> m && m.get("address") instanceof String address) {
        addresses.add(address);
      }
    }
    return addresses;
  }

  /** The pod's addresses, on the pod interface (index 1 of the result's interfaces). */
  private static List<Object> ips(List<IpAddress> addresses) {
    List<Object> ips = new ArrayList<>();
    for (IpAddress a : addresses) {
      Map<String, Object> ip = map("address", a + "/" + a.bits(), "gateway", gateway(a).toString());
      ip.put("interface", 1L);
      ips.add(ip);
    }
    return ips;
  }

  private static List<Object> defaultRoutes(List<IpAddress> addresses) {
    List<Object> routes = new ArrayList<>();
    if (addresses.stream().anyMatch(IpAddress::isIpv4)) {
      routes.add(map("dst", "0.0.0.0/0", "gw", PodWiring.GATEWAY_V4.toString()));
    }
    if (addresses.stream().anyMatch(a -> !a.isIpv4())) {
      routes.add(map("dst", "::/0", "gw", PodWiring.GATEWAY_V6.toString()));
    }
    return routes;
  }

  private static IpAddress gateway(IpAddress address) {
    return address.isIpv4() ? PodWiring.GATEWAY_V4 : PodWiring.GATEWAY_V6;
  }

  private static void copyDns(AgentRequest request, Map<String, Object> result) {
    Object dns = request.config().get("dns");
    if (dns instanceof Map<?, ?> m && !m.isEmpty()) {
      result.put("dns", dns);
    }
  }

  private static Map<String, Object> map(String k1, Object v1, String k2, Object v2) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put(k1, v1);
    map.put(k2, v2);
    return map;
  }
}
