package dev.tabby.node;

import dev.tabby.bgp.wire.GracefulRestart;
import dev.tabby.health.HealthServer;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * What the agent reads from its environment, as a DaemonSet sets it. Everything else comes from the
 * custom resources.
 *
 * @param nodeName {@code NODE_NAME}: this node's Kubernetes name (required)
 * @param asNumber {@code AS}: the node's AS unless its Node annotation says otherwise (64512)
 * @param ipv4 {@code IP_AUTODETECTION_METHOD}: how the IPv4 BGP address is found (first-found)
 * @param ipv6 {@code IP6_AUTODETECTION_METHOD}: how the IPv6 BGP address is found (none)
 * @param http {@code TABBY_HTTP_ADDRESS}: where /livez, /readyz, /metrics and the BGP state are
 *     served (0.0.0.0:9099)
 * @param secretNamespace {@code TABBY_NAMESPACE}: where BGPPeer password Secrets are read
 *     (kube-system)
 * @param cniSocket {@code TABBY_CNI_SOCKET}: the unix socket the CNI plugins talk to
 * @param cniStateDir {@code TABBY_CNI_STATE_DIR}: the CNI server's records of attachments
 * @param cniBinDir {@code CNI_BIN_DIR}: where the plugins are installed (/opt/cni/bin)
 * @param cniConfDir {@code CNI_CONF_DIR}: where the conflist is written (/etc/cni/net.d)
 * @param cniPluginDir {@code TABBY_CNI_PLUGIN_DIR}: the built plugins the agent installs (the
 *     launcher {@code bin/tabby-node} sets it to {@code cni/target/plugins} of its checkout)
 * @param gracefulRestartTime {@code TABBY_GRACEFUL_RESTART_TIME}: seconds the peers keep this
 *     node's routes while its agent restarts (graceful restart, RFC 4724), 0..4095 (120); 0 asks
 *     for no help (peers withdraw the node's routes when its agent goes)
 * @param dropSessionsOnLinkDown {@code TABBY_DROP_SESSIONS_ON_LINK_DOWN}: drop the BGP session of a
 *     directly connected peer at once when the interface it is reached through goes down or loses
 *     its carrier, rather than when BFD or the hold timer notices (true)
 * @param gracefulRestartPeerWait {@code TABBY_GRACEFUL_RESTART_PEER_WAIT}: on a node that is a
 *     route reflector, restarting gracefully, how long a planned peer that is not up holds back the
 *     routes and End-of-RIB sent to the others, 0..4095 seconds (15); see {@link InitialTables}
 */
public record AgentConfig(
    String nodeName,
    long asNumber,
    AutodetectionMethod ipv4,
    AutodetectionMethod ipv6,
    InetSocketAddress http,
    String secretNamespace,
    Path cniSocket,
    Path cniStateDir,
    Path cniBinDir,
    Path cniConfDir,
    Path cniPluginDir,
    Duration gracefulRestartTime,
    boolean dropSessionsOnLinkDown,
    Duration gracefulRestartPeerWait) {

  public static final long DEFAULT_AS = 64512;
  public static final int DEFAULT_HTTP_PORT = 9099;

  /**
   * Reads the configuration; the Kubernetes API is found by fabric8's own rules (KUBECONFIG, else
   * the in-cluster service account).
   *
   * @throws ConfigException naming the variable that is missing or wrong
   */
  public static AgentConfig fromEnvironment(Map<String, String> env) {
    String node = env.getOrDefault("NODE_NAME", "").trim();
    if (node.isEmpty()) {
      throw new ConfigException("NODE_NAME is not set: the agent must know its Kubernetes node");
    }
    return new AgentConfig(
        node,
        asNumber(env.getOrDefault("AS", Long.toString(DEFAULT_AS))),
        AutodetectionMethod.parse(
            "IP_AUTODETECTION_METHOD", env.getOrDefault("IP_AUTODETECTION_METHOD", "first-found")),
        AutodetectionMethod.parse(
            "IP6_AUTODETECTION_METHOD", env.getOrDefault("IP6_AUTODETECTION_METHOD", "none")),
        httpAddress(env.getOrDefault("TABBY_HTTP_ADDRESS", "0.0.0.0:" + DEFAULT_HTTP_PORT)),
        env.getOrDefault("TABBY_NAMESPACE", "kube-system"),
        Path.of(env.getOrDefault("TABBY_CNI_SOCKET", "/var/run/tabby/cni.sock")),
        Path.of(env.getOrDefault("TABBY_CNI_STATE_DIR", "/var/lib/tabby/cni")),
        Path.of(env.getOrDefault("CNI_BIN_DIR", "/opt/cni/bin")),
        Path.of(env.getOrDefault("CNI_CONF_DIR", "/etc/cni/net.d")),
        Path.of(env.getOrDefault("TABBY_CNI_PLUGIN_DIR", "/opt/tabby/cni")),
        seconds(
            "TABBY_GRACEFUL_RESTART_TIME", env.getOrDefault("TABBY_GRACEFUL_RESTART_TIME", "120")),
        flag(
            "TABBY_DROP_SESSIONS_ON_LINK_DOWN",
            env.getOrDefault("TABBY_DROP_SESSIONS_ON_LINK_DOWN", "true")),
        seconds(
            "TABBY_GRACEFUL_RESTART_PEER_WAIT",
            env.getOrDefault(
                "TABBY_GRACEFUL_RESTART_PEER_WAIT",
                Long.toString(InitialTables.DEFAULT_PEER_WAIT.toSeconds()))));
  }

  private static long asNumber(String text) {
    try {
      long as = Long.parseLong(text.trim());
      if (as >= 1 && as <= 0xFFFF_FFFFL) {
        return as;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new ConfigException("AS=" + text + " is not an AS number (1..4294967295)");
  }

  /** A graceful restart time in seconds, 0..4095 as the capability carries it. */
  private static Duration seconds(String variable, String text) {
    try {
      long seconds = Long.parseLong(text.trim());
      if (seconds >= 0 && seconds <= GracefulRestart.MAX_RESTART_TIME) {
        return Duration.ofSeconds(seconds);
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new ConfigException(variable + "=" + text + " is not a time in seconds (0..4095)");
  }

  private static boolean flag(String name, String text) {
    return switch (text.trim().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new ConfigException(name + "=" + text + " is neither true nor false");
    };
  }

  private static InetSocketAddress httpAddress(String text) {
    try {
      return HealthServer.parseAddress(text);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("TABBY_HTTP_ADDRESS=" + text + ": " + e.getMessage());
    }
  }
}
