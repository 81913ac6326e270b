package dev.tabby.node.cni;

import dev.tabby.cni.AgentRequest;
import dev.tabby.cni.CniException;
import dev.tabby.net.IpAddress;
import dev.tabby.net.IpPrefix;
import java.util.Map;
import java.util.Optional;

/**
 * What a network config asks of the agent: the pod interface's MTU and the address families to
 * assign. Keys: "mtu" (top level, default 1500), and "ipv4" / "ipv6" (booleans, defaults true and
 * false) at the top level for {@code tabby} or in the "ipam" section for {@code tabby-ipam}.
 *
 * <p>tabby-ipam answers host addresses (/32, /128) with the link-local gateway, unless its section
 * names a "subnet" and a "gateway" in it (as host-local's do): then the addresses of that family
 * carry the subnet's prefix length and that gateway. Plugins such as {@code ptp} and {@code bridge}
 * need this: they reach the gateway through the address's connected route. The gateway address must
 * be kept from pods with an IPReservation.
 */
record NetworkSettings(int mtu, boolean ipv4, boolean ipv6, Optional<Subnet> subnet) {
  /** A subnet the addresses of its family are presented in, and its gateway. */
  record Subnet(IpPrefix cidr, IpAddress gateway) {}

  static final int DEFAULT_MTU = 1500;

  @SuppressWarnings("unchecked")
  static NetworkSettings of(AgentRequest request) {
    Map<String, Object> config = request.config();
    Map<String, Object> section = config;
    if (request.plugin().equals(AgentRequest.IPAM)
        && config.get("ipam") instanceof Map<?, ?> ipam) {
      section = (Map<String, Object>) ipam;
    }
    long mtu = config.get("mtu") instanceof Number n ? n.longValue() : DEFAULT_MTU;
    if (mtu < 68 || mtu > 65535) {
      throw invalid("\"mtu\" " + mtu + " is not in 68..65535");
    }
    boolean ipv4 = flag(section, "ipv4", true);
    boolean ipv6 = flag(section, "ipv6", false);
    if (!ipv4 && !ipv6) {
      throw invalid("\"ipv4\" and \"ipv6\" are both false: the pod would get no address");
    }
    return new NetworkSettings((int) mtu, ipv4, ipv6, subnetOf(section));
  }

  private static Optional<Subnet> subnetOf(Map<String, Object> section) {
    Object subnet = section.get("subnet");
    Object gateway = section.get("gateway");
    if (subnet == null && gateway == null) {
      return Optional.empty();
    }
    if (!(subnet instanceof String cidrText) || !(gateway instanceof String gatewayText)) {
      throw invalid("\"subnet\" and \"gateway\" go together, both as strings");
    }
    try {
      IpPrefix cidr = IpPrefix.parse(cidrText);
      IpAddress address = IpAddress.parse(gatewayText);
      if (!cidr.contains(address)) {
        throw invalid("\"gateway\" " + gatewayText + " is not in \"subnet\" " + cidrText);
      }
      return Optional.of(new Subnet(cidr, address));
    } catch (IllegalArgumentException e) {
      throw invalid("\"subnet\" or \"gateway\": " + e.getMessage());
    }
  }

  private static boolean flag(Map<String, Object> section, String key, boolean otherwise) {
    Object value = section.get(key);
    if (value == null) {
      return otherwise;
    }
    if (!(value instanceof Boolean b)) {
      throw invalid("\"" + key + "\" must be true or false");
    }
    return b;
  }

  private static CniException invalid(String message) {
    return new CniException(CniException.INVALID_NETWORK_CONFIG, message);
  }
}
