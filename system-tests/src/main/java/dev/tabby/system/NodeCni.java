package dev.tabby.system;

import dev.tabby.testbench.cni.CniJson;
import dev.tabby.testbench.cni.CniRuntime;
import dev.tabby.testbench.cni.Sandbox;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A lab node's CNI as the kubelet drives it: the reference plugins in the node's bin dir, and pods
 * added through the conflist the agent installed, by the test bench's {@link CniRuntime}.
 */
final class NodeCni {
  /** The conflist the agent installs in a node's conf dir. */
  static final String CONFLIST = "10-tabby.conflist";

  private NodeCni() {}

  /**
   * Puts the reference plugins into the node's CNI binary directory, as a node's {@code
   * /opt/cni/bin} holds them before the agent adds its own.
   */
  static void installReferencePlugins(LabNode node) {
    try {
      Files.createDirectories(node.cniBinDir());
      try (var plugins = Files.list(CniRuntime.REFERENCE_PLUGINS)) {
        for (Path plugin : (Iterable<Path>) plugins::iterator) {
          Path link = node.cniBinDir().resolve(plugin.getFileName());
          Files.deleteIfExists(link);
          Files.createSymbolicLink(link, plugin);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot link the reference CNI plugins of "
              + CniRuntime.REFERENCE_PLUGINS
              + " into "
              + node.cniBinDir(),
          e);
    }
  }

  /**
   * Runs ADD for a pod in the default namespace and returns its IPv4 address.
   *
   * @throws IllegalStateException naming the plugin and its output when a plugin fails, or when the
   *     result holds no IPv4 address
   */
  static String add(LabNode node, Path podNetns, String containerId, String podName) {
    CniRuntime runtime = new CniRuntime(node.host(), node.cniBinDir());
    Sandbox sandbox = new Sandbox(containerId, podNetns, "eth0", "default", podName);
    Map<String, Object> result = runtime.add(conflist(node), sandbox);
    if (result.get("ips") instanceof List<?> ips) {
      for (Object ip : ips) {
        if (ip instanceof Map<?, ?> entry
            && entry.get("address") instanceof String address
            && !address.contains(":")) {
          return address.substring(0, address.indexOf('/'));
        }
      }
    }
    throw new IllegalStateException(
        "ADD for " + podName + " on " + node.name() + " gave no IPv4 address: " + result);
  }

  /**
   * Runs DEL for a pod, as a container runtime does when the pod is gone: its address is released.
   *
   * @throws IllegalStateException naming the plugin and its output when a plugin fails
   */
  static void del(LabNode node, Path podNetns, String containerId, String podName) {
    CniRuntime runtime = new CniRuntime(node.host(), node.cniBinDir());
    Sandbox sandbox = new Sandbox(containerId, podNetns, "eth0", "default", podName);
    runtime.del(conflist(node), sandbox, null).orThrow();
  }

  private static Map<String, Object> conflist(LabNode node) {
    Path file = node.cniConfDir().resolve(CONFLIST);
    try {
      return CniJson.parseObject(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the conflist " + file, e);
    }
  }
}
