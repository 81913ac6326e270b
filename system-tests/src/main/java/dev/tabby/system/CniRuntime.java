package dev.tabby.system;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Calls CNI plugins the way a container runtime (libcni) does: for each plugin of the conflist the
 * agent installed, in order, its config on stdin (the conflist's name and cniVersion added, and the
 * previous plugin's result as {@code prevResult}), the {@code CNI_*} environment, run inside the
 * node's network namespace, and the result on stdout.
 */
final class CniRuntime {

  /** Debian's reference plugins, among them {@code portmap}, which the conflist chains. */
  static final Path REFERENCE_PLUGINS = Path.of("/usr/lib/cni");

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final long TIMEOUT_SECONDS = 60;

  private CniRuntime() {}

  /**
   * Puts the reference plugins into the node's CNI binary directory, as a node's {@code
   * /opt/cni/bin} holds them before the agent adds its own.
   */
  static void installReferencePlugins(LabNode node) {
    try {
      Files.createDirectories(node.cniBinDir());
      try (var plugins = Files.list(REFERENCE_PLUGINS)) {
        for (Path plugin : (Iterable<Path>) plugins::iterator) {
          Path link = node.cniBinDir().resolve(plugin.getFileName());
          Files.deleteIfExists(link);
          Files.createSymbolicLink(link, plugin);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot link the reference CNI plugins of "
              + REFERENCE_PLUGINS
              + " into "
              + node.cniBinDir(),
          e);
    }
  }

  /**
   * Runs ADD for a pod and returns its IPv4 address.
   *
   * @throws IllegalStateException naming the plugin and its error when a plugin fails
   */
  static String add(LabNode node, String podNetns, String containerId, String podName) {
    JsonNode conflist = conflist(node);
    JsonNode previous = null;
    for (JsonNode plugin : conflist.get("plugins")) {
      ObjectNode config = (ObjectNode) plugin.deepCopy();
      config.put("cniVersion", conflist.get("cniVersion").asString());
      config.put("name", conflist.get("name").asString());
      if (previous != null) {
        config.set("prevResult", previous);
      }
      previous = run(node, "ADD", config, podNetns, containerId, podName);
    }
    for (JsonNode ip : previous.path("ips")) {
      String address = ip.get("address").asString();
      if (!address.contains(":")) {
        return address.substring(0, address.indexOf('/'));
      }
    }
    throw new IllegalStateException("ADD for " + podName + " gave no IPv4 address: " + previous);
  }

  private static JsonNode conflist(LabNode node) {
    Path file = node.cniConfDir().resolve("10-tabby.conflist");
    try {
      return JSON.readTree(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the conflist " + file, e);
    }
  }

  private static JsonNode run(
      LabNode node,
      String command,
      ObjectNode config,
      String podNetns,
      String containerId,
      String podName) {
    String type = config.get("type").asString();
    Path plugin = find(node, type);
    List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", node.host().namespace()));
    argv.addAll(
        List.of(
            "env",
            "CNI_COMMAND=" + command,
            "CNI_CONTAINERID=" + containerId,
            "CNI_NETNS=" + podNetns,
            "CNI_IFNAME=eth0",
            "CNI_ARGS=IgnoreUnknown=1;K8S_POD_NAMESPACE=default;K8S_POD_NAME="
                + podName
                + ";K8S_POD_INFRA_CONTAINER_ID="
                + containerId,
            "CNI_PATH=" + node.cniBinDir(),
            plugin.toString()));
    try {
      Process process = new ProcessBuilder(argv).redirectErrorStream(false).start();
      try (OutputStream in = process.getOutputStream()) {
        in.write(JSON.writeValueAsBytes(config));
      }
      byte[] out = process.getInputStream().readAllBytes();
      byte[] err = process.getErrorStream().readAllBytes();
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(type + " " + command + " for " + podName + " hung");
      }
      String stdout = new String(out, StandardCharsets.UTF_8);
      if (process.exitValue() != 0) {
        throw new IllegalStateException(
            type
                + " "
                + command
                + " for "
                + podName
                + " on "
                + node.name()
                + " failed: "
                + stdout
                + new String(err, StandardCharsets.UTF_8));
      }
      return JSON.readTree(stdout);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run CNI plugin " + plugin, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted during CNI " + command, e);
    }
  }

  private static Path find(LabNode node, String type) {
    Path plugin = node.cniBinDir().resolve(type);
    if (!Files.isExecutable(plugin)) {
      throw new IllegalStateException("CNI plugin " + type + " is not in " + node.cniBinDir());
    }
    return plugin;
  }
}
