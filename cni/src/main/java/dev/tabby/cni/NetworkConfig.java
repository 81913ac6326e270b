package dev.tabby.cni;

import java.util.Map;

/** Checks on the network config a plugin gets on stdin (errors 6, 7 and 1). */
final class NetworkConfig {
  private NetworkConfig() {}

  static Map<String, Object> decode(String stdin) {
    if (stdin.isBlank()) {
      throw new CniException(
          CniException.DECODING_FAILURE, "no network config on stdin", "expected a JSON object");
    }
    try {
      return Json.parseObject(stdin);
    } catch (Json.JsonException e) {
      throw new CniException(
          CniException.DECODING_FAILURE, "the network config on stdin is not JSON", e.getMessage());
    }
  }

  static String version(Map<String, Object> config) {
    if (!(config.get("cniVersion") instanceof String version) || version.isEmpty()) {
      throw new CniException(
          CniException.INVALID_NETWORK_CONFIG,
          "the network config has no cniVersion",
          "add \"cniVersion\": \"" + CniVersions.LATEST + "\"");
    }
    if (!CniVersions.isSupported(version)) {
      throw new CniException(
          CniException.INCOMPATIBLE_VERSION,
          "incompatible CNI versions",
          "config is \"" + version + "\", plugin supports " + CniVersions.SUPPORTED);
    }
    return version;
  }

  static void check(Map<String, Object> config, boolean ipamOnly) {
    if (!(config.get("name") instanceof String name) || name.isEmpty()) {
      throw invalid("the network config has no \"name\"");
    }
    if (ipamOnly && !(config.get("ipam") instanceof Map)) {
      throw invalid("tabby-ipam is called without an \"ipam\" section in the network config");
    }
    if (config.containsKey("mtu") && !(config.get("mtu") instanceof Long)) {
      throw invalid("\"mtu\" must be a whole number, not " + Json.typeName(config.get("mtu")));
    }
  }

  private static CniException invalid(String message) {
    return new CniException(CniException.INVALID_NETWORK_CONFIG, message);
  }
}
