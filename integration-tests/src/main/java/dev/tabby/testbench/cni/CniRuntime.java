package dev.tabby.testbench.cni;

import dev.tabby.testbench.Host;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs CNI plugins the way a container runtime does (libcni): each plugin of a conflist exec'd in
 * turn inside the node's network namespace, with the CNI_* environment, its config on stdin and the
 * previous plugin's result as prevResult; DEL in reverse order. A plugin is looked up in the bin
 * dir first, then among the reference plugins, and {@code CNI_PATH} names both, so a chained or
 * delegated plugin is found the same way.
 *
 * <p>Conflists and results are plain maps; {@link CniJson#toMap} turns a Jackson tree into one.
 */
public final class CniRuntime {
  /** Debian's reference plugins (bridge, host-local, portmap, ...). */
  public static final Path REFERENCE_PLUGINS = Path.of("/usr/lib/cni");

  private static final long TIMEOUT_SECONDS = 60;

  private final String namespace;
  private final Path binDir;

  /** A runtime exec'ing plugins inside the named network namespace. */
  public CniRuntime(String namespace, Path binDir) {
    this.namespace = namespace;
    this.binDir = binDir;
  }

  /** A runtime exec'ing plugins inside the host's network namespace. */
  public CniRuntime(Host node, Path binDir) {
    this(node.namespace(), binDir);
  }

  /** ADD through every plugin of the list; the last result. Throws if a plugin fails. */
  public Map<String, Object> add(Map<String, Object> conflist, Sandbox sandbox) {
    return add(conflist, sandbox, Map.of());
  }

  /** ADD with runtime config (e.g. "portMappings") for plugins that declare the capability. */
  public Map<String, Object> add(
      Map<String, Object> conflist, Sandbox sandbox, Map<String, Object> runtimeConfig) {
    Map<String, Object> result = null;
    for (Map<String, Object> plugin : plugins(conflist)) {
      Map<String, Object> config = pluginConfig(conflist, plugin, result, runtimeConfig);
      result = run(plugin, "ADD", sandbox, config).orThrow().json();
    }
    return result;
  }

  /** DEL through every plugin, in reverse order; the first failure. */
  public PluginRun del(
      Map<String, Object> conflist, Sandbox sandbox, Map<String, Object> prevResult) {
    return del(conflist, sandbox, prevResult, Map.of());
  }

  /** DEL with the runtime config ADD had (portmap finds its rules by it). */
  public PluginRun del(
      Map<String, Object> conflist,
      Sandbox sandbox,
      Map<String, Object> prevResult,
      Map<String, Object> runtimeConfig) {
    List<Map<String, Object>> plugins = new ArrayList<>(plugins(conflist));
    Collections.reverse(plugins);
    PluginRun last = null;
    for (Map<String, Object> plugin : plugins) {
      last = run(plugin, "DEL", sandbox, pluginConfig(conflist, plugin, prevResult, runtimeConfig));
      if (!last.ok()) {
        return last;
      }
    }
    return last;
  }

  /** CHECK through every plugin with the ADD result; the first failure. */
  public PluginRun check(
      Map<String, Object> conflist, Sandbox sandbox, Map<String, Object> prevResult) {
    PluginRun last = null;
    for (Map<String, Object> plugin : plugins(conflist)) {
      last = run(plugin, "CHECK", sandbox, pluginConfig(conflist, plugin, prevResult, Map.of()));
      if (!last.ok()) {
        return last;
      }
    }
    return last;
  }

  /** Runs one plugin with one command and an exact stdin and environment. */
  public PluginRun exec(String type, Map<String, String> env, String stdin) {
    Path executable = binDir.resolve(type);
    if (!Files.isExecutable(executable)) {
      executable = REFERENCE_PLUGINS.resolve(type);
    }
    List<String> argv = List.of("ip", "netns", "exec", namespace, executable.toString());
    ProcessBuilder builder = new ProcessBuilder(argv);
    builder.environment().keySet().removeIf(k -> k.startsWith("CNI_"));
    builder.environment().putAll(env);
    try {
      Process process = builder.start();
      CompletableFuture<String> stderr =
          CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
      try (OutputStream in = process.getOutputStream()) {
        in.write(stdin.getBytes(StandardCharsets.UTF_8));
      }
      String stdout = readAll(process.getInputStream());
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(
            type + " " + env.get("CNI_COMMAND") + " did not finish in " + TIMEOUT_SECONDS + " s");
      }
      return new PluginRun(
          type, env.getOrDefault("CNI_COMMAND", ""), process.exitValue(), stdout, stderr.join());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run CNI plugin " + executable, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running CNI plugin " + type, e);
    }
  }

  /** The environment a runtime sets for a command on a sandbox. */
  public Map<String, String> env(String command, Sandbox sandbox) {
    Map<String, String> env = new HashMap<>();
    env.put("CNI_COMMAND", command);
    env.put("CNI_PATH", binDir + ":" + REFERENCE_PLUGINS);
    if (sandbox != null) {
      env.put("CNI_CONTAINERID", sandbox.containerId());
      env.put("CNI_NETNS", sandbox.netns().toString());
      env.put("CNI_IFNAME", sandbox.ifName());
      env.put("CNI_ARGS", sandbox.cniArgs());
    }
    return env;
  }

  private PluginRun run(
      Map<String, Object> plugin, String command, Sandbox sandbox, Map<String, Object> config) {
    return exec((String) plugin.get("type"), env(command, sandbox), CniJson.write(config));
  }

  /** libcni's per-plugin config: the plugin's own keys plus cniVersion, name and prevResult. */
  public static Map<String, Object> pluginConfig(
      Map<String, Object> conflist,
      Map<String, Object> plugin,
      Map<String, Object> prevResult,
      Map<String, Object> runtimeConfig) {
    Map<String, Object> config = new LinkedHashMap<>(plugin);
    config.put("cniVersion", conflist.get("cniVersion"));
    config.put("name", conflist.get("name"));
    if (prevResult != null) {
      config.put("prevResult", prevResult);
    }
    if (plugin.get("capabilities") instanceof Map<?, ?> capabilities) {
      Map<String, Object> granted = new LinkedHashMap<>();
      runtimeConfig.forEach(
          (k, v) -> {
            if (Boolean.TRUE.equals(capabilities.get(k))) {
              granted.put(k, v);
            }
          });
      if (!granted.isEmpty()) {
        config.put("runtimeConfig", granted);
      }
    }
    return config;
  }

  @SuppressWarnings("unchecked")
  public static List<Map<String, Object>> plugins(Map<String, Object> conflist) {
    return (List<Map<String, Object>>) conflist.get("plugins");
  }

  private static String readAll(InputStream in) {
    try {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
