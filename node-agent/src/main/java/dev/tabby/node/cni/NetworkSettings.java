package dev.tabby.node.cni;

import dev.tabby.cni.AgentRequest;
import dev.tabby.cni.CniException;
import java.util.Map;

/**
 * What a network config asks of the agent: the pod interface's MTU and the address families to
 * assign. Keys: "mtu" (top level, default 1500), and "ipv4" / "ipv6" (booleans, defaults true and
 * false) at the top level for {@code tabby} or in the "ipam" section for {@code tabby-ipam}.
 *
 * <p>tabby-ipam's "connectedRoute": "none" (default) answers host addresses (/32, /128) and a
 * default route through the gateway; "default" answers them with prefix length 0, so that the
 * address's connected route is the default route: what {@code ptp} needs, which reaches its gateway
 * through the connected route and then replaces it with a route via the gateway.
 */
record NetworkSettings(int mtu, boolean ipv4, boolean ipv6, boolean connectedDefault) {
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
    Object connected = section.getOrDefault("connectedRoute", "none");
    if (!connected.equals("none") && !connected.equals("default")) {
      throw invalid("\"connectedRoute\" must be \"none\" or \"default\", not " + connected);
    }
    return new NetworkSettings((int) mtu, ipv4, ipv6, connected.equals("default"));
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
