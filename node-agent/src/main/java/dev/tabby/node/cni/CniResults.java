package dev.tabby.node.cni;

import dev.tabby.cni.AgentRequest;
import dev.tabby.dataplane.IpAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
    result.put("ips", ips(addresses, 1L, false));
    result.put("routes", defaultRoutes(addresses));
    copyDns(request, result);
    return result;
  }

  /**
   * tabby-ipam: addresses and the routes the calling plugin should set up; no interfaces. With
   * {@code connectedDefault} the addresses have prefix length 0 and no route is needed.
   */
  static Map<String, Object> ipamOnly(List<IpAddress> addresses, boolean connectedDefault) {
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("ips", ips(addresses, null, connectedDefault));
    result.put("routes", connectedDefault ? List.of() : defaultRoutes(addresses));
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

  private static List<Object> ips(
      List<IpAddress> addresses, Long interfaceIndex, boolean zeroPrefix) {
    List<Object> ips = new ArrayList<>();
    for (IpAddress a : addresses) {
      String address = a + "/" + (zeroPrefix ? 0 : a.bits());
      Map<String, Object> ip = map("address", address, "gateway", gateway(a).toString());
      if (interfaceIndex != null) {
        ip.put("interface", interfaceIndex);
      }
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
