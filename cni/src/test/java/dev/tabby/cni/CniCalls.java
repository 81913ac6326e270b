package dev.tabby.cni;

import java.util.HashMap;
import java.util.Map;

/** What the tests call the plugins with. */
final class CniCalls {
  private CniCalls() {}

  /** The CNI_* environment of a call for container "c1", interface eth0 (a mutable copy). */
  static Map<String, String> env(String command) {
    Map<String, String> env = new HashMap<>();
    env.put("CNI_COMMAND", command);
    env.put("CNI_CONTAINERID", "c1");
    env.put("CNI_NETNS", "/var/run/netns/pod");
    env.put("CNI_IFNAME", "eth0");
    return env;
  }
}
