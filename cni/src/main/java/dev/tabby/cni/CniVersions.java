package dev.tabby.cni;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The CNI spec versions the plugins speak, and the result shapes that differ between them. */
public final class CniVersions {
  public static final String LATEST = "1.1.0";
  public static final List<String> SUPPORTED = List.of("0.3.0", "0.3.1", "0.4.0", "1.0.0", "1.1.0");

  private CniVersions() {}

  public static boolean isSupported(String version) {
    return SUPPORTED.contains(version);
  }

  /** Whether {@code version} is at least {@code minimum} (both supported versions). */
  public static boolean atLeast(String version, String minimum) {
    return SUPPORTED.indexOf(version) >= SUPPORTED.indexOf(minimum);
  }

  /**
   * A result in the shape of {@code version}: the agent answers in 1.x shape; before 1.0.0 every IP
   * config also names its family ("version": "4" or "6").
   */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> resultFor(String version, Map<String, Object> result) {
    Map<String, Object> shaped = new LinkedHashMap<>();
    shaped.put("cniVersion", version);
    for (Map.Entry<String, Object> e : result.entrySet()) {
      if (!e.getKey().equals("cniVersion")) {
        shaped.put(e.getKey(), e.getValue());
      }
    }
    if (!atLeast(version, "1.0.0") && shaped.get("ips") instanceof List<?> ips) {
      List<Object> versioned = new ArrayList<>();
      for (Object ip : ips) {
        Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) ip);
        String address = String.valueOf(copy.get("address"));
        copy.put("version", address.contains(":") ? "6" : "4");
        versioned.add(copy);
      }
      shaped.put("ips", versioned);
    }
    return shaped;
  }
}
