package dev.tabby.rr;

import com.google.common.net.InetAddresses;
import dev.tabby.bgp.wire.GracefulRestart;
import dev.tabby.health.HealthServer;
import dev.tabby.node.BgpAddress;
import java.io.PrintWriter;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * tabby-rr's flags. Each defaults to an environment variable (as a Deployment sets them), then to a
 * built-in default; a flag wins over its variable.
 */
@Command(
    name = "tabby-rr",
    description =
        "A BGP route reflector whose clients and peer reflectors come from the Kubernetes API"
            + " (Nodes, BGPPeers, BGPConfiguration), changing live. It installs no routes.")
final class ReflectorOptions {
  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Print this help and exit")
  boolean help;

  @Option(
      names = "--node-name",
      paramLabel = "NAME",
      defaultValue = "${env:NODE_NAME:-}",
      description =
          "The reflector's Node: BGPPeer selectors match its labels; its annotations hold its"
              + " BGP address and cluster ID (env NODE_NAME; required)")
  String nodeName;

  @Option(
      names = "--cluster-id",
      paramLabel = "IPV4",
      defaultValue = "${env:TABBY_CLUSTER_ID:-}",
      description =
          "Route-reflector cluster ID, e.g. 244.0.0.1; written to the Node's"
              + " tabby.dev/route-reflector-cluster-id annotation (env TABBY_CLUSTER_ID; default:"
              + " read from that annotation)")
  String clusterId;

  @Option(
      names = "--address",
      paramLabel = "IPV4/LEN",
      defaultValue = "${env:TABBY_BGP_ADDRESS:-}",
      description =
          "The reflector's IPv4 BGP address with its prefix length, e.g. 10.0.0.251/24 (a bare"
              + " address is taken as a /32); written to the Node's tabby.dev/bgp-ipv4-address"
              + " annotation so its clients find it (env"
              + " TABBY_BGP_ADDRESS; default: read from that annotation)")
  String address;

  @Option(
      names = "--router-id",
      paramLabel = "IPV4",
      defaultValue = "${env:TABBY_ROUTER_ID:-}",
      description = "BGP identifier (env TABBY_ROUTER_ID; default: the BGP address)")
  String routerId;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      defaultValue = "${env:TABBY_BGP_PORT:-}",
      description =
          "Port BGP sessions are accepted on; below 1024 it needs CAP_NET_BIND_SERVICE. Clients"
              + " connect to the BGPConfiguration's listenPort, so change that instead where you"
              + " can (env TABBY_BGP_PORT; default: the BGPConfiguration's listenPort, 179)")
  String port;

  @Option(
      names = "--http-address",
      paramLabel = "ADDRESS:PORT",
      defaultValue = "${env:TABBY_HTTP_ADDRESS:-0.0.0.0:9097}",
      description =
          "Where /livez, /readyz and /metrics are served (env TABBY_HTTP_ADDRESS;"
              + " default ${DEFAULT-VALUE})")
  String http;

  @Option(
      names = "--state-address",
      paramLabel = "ADDRESS:PORT",
      defaultValue = "${env:TABBY_STATE_ADDRESS:-127.0.0.1:8179}",
      description =
          "Where the sessions and routes are served as JSON for tabbyctl bgp, as tabby-bgp does;"
              + " it has no authentication; 'none' serves nothing (env TABBY_STATE_ADDRESS;"
              + " default ${DEFAULT-VALUE})")
  String state;

  @Option(
      names = "--secret-namespace",
      paramLabel = "NAMESPACE",
      defaultValue = "${env:TABBY_SECRET_NAMESPACE:-kube-system}",
      description =
          "Namespace of the Secrets BGPPeer passwords name (env TABBY_SECRET_NAMESPACE;"
              + " default ${DEFAULT-VALUE})")
  String secretNamespace;

  @Option(
      names = "--graceful-restart-time",
      paramLabel = "SECONDS",
      defaultValue = "${env:TABBY_GRACEFUL_RESTART_TIME:-120}",
      description =
          "Seconds the clients keep the reflector's routes while it restarts (graceful restart,"
              + " RFC 4724), 0..4095; also the longest a started reflector waits for its peers'"
              + " routes before sending its own; 0: the clients drop its routes at once (env"
              + " TABBY_GRACEFUL_RESTART_TIME; default ${DEFAULT-VALUE})")
  String gracefulRestartTime;

  @Option(
      names = "--graceful-restart-peer-wait",
      paramLabel = "SECONDS",
      defaultValue = "${env:TABBY_GRACEFUL_RESTART_PEER_WAIT:-15}",
      description =
          "Seconds a planned peer that is not up holds back a started reflector's routes and"
              + " End-of-RIB, 0..4095; a peer that is up is waited for until its End-of-RIB, at"
              + " most the restart time (env TABBY_GRACEFUL_RESTART_PEER_WAIT; default"
              + " ${DEFAULT-VALUE})")
  String gracefulRestartPeerWait;

  /**
   * Reads the flags (and the environment behind their defaults).
   *
   * @return null when help was asked for and printed
   * @throws ConfigException naming the flag and its variable when a value is wrong
   */
  static ReflectorConfig parse(String[] args, PrintWriter out) {
    ReflectorOptions options;
    try {
      options = CommandLine.populateCommand(new ReflectorOptions(), args);
    } catch (CommandLine.ParameterException e) {
      throw new ConfigException(e.getMessage());
    }
    if (options.help) {
      new CommandLine(options).usage(out);
      return null;
    }
    return options.toConfig();
  }

  private ReflectorConfig toConfig() {
    if (nodeName.isBlank()) {
      throw new ConfigException(
          "--node-name (env NODE_NAME) is required: the reflector's Node, whose labels BGPPeer"
              + " selectors match");
    }
    return new ReflectorConfig(
        nodeName.strip(),
        optional("--cluster-id", clusterId, ReflectorOptions::ipv4),
        optional("--address", address, ReflectorOptions::ipv4Address),
        optional("--router-id", routerId, ReflectorOptions::ipv4),
        optional("--port", port, ReflectorOptions::port),
        read("--http-address", http, HealthServer::parseAddress),
        state.strip().equals("none")
            ? Optional.empty()
            : Optional.of(read("--state-address", state, HealthServer::parseAddress)),
        secretNamespace.strip(),
        read("--graceful-restart-time", gracefulRestartTime, ReflectorOptions::restartTime),
        read(
            "--graceful-restart-peer-wait",
            gracefulRestartPeerWait,
            ReflectorOptions::restartTime));
  }

  private static <T> Optional<T> optional(String flag, String value, Function<String, T> parser) {
    return value.isBlank() ? Optional.empty() : Optional.of(read(flag, value.strip(), parser));
  }

  private static <T> T read(String flag, String value, Function<String, T> parser) {
    try {
      return parser.apply(value);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(flag + "=" + value + ": " + e.getMessage());
    }
  }

  private static Inet4Address ipv4(String text) {
    if (InetAddresses.isInetAddress(text)
        && InetAddresses.forString(text) instanceof Inet4Address address) {
      if (address.isAnyLocalAddress() || address.isMulticastAddress()) {
        throw new IllegalArgumentException("must be a unicast IPv4 address");
      }
      return address;
    }
    throw new IllegalArgumentException("is not an IPv4 address");
  }

  /** {@code 10.0.0.251/24}, or a bare address (a Pod's {@code status.hostIP}) taken as a /32. */
  private static BgpAddress ipv4Address(String text) {
    BgpAddress address = BgpAddress.parse(text.contains("/") ? text : text + "/32");
    InetAddress ip = address.address();
    if (!(ip instanceof Inet4Address)) {
      throw new IllegalArgumentException("must be an IPv4 address with its prefix length");
    }
    return address;
  }

  private static Duration restartTime(String text) {
    try {
      int seconds = Integer.parseInt(text.strip());
      if (seconds >= 0 && seconds <= GracefulRestart.MAX_RESTART_TIME) {
        return Duration.ofSeconds(seconds);
      }
    } catch (NumberFormatException e) {
      // said below
    }
    throw new IllegalArgumentException(
        "must be a restart time in seconds, 0.." + GracefulRestart.MAX_RESTART_TIME);
  }

  private static int port(String text) {
    try {
      int port = Integer.parseInt(text.strip());
      if (port >= 1 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // said below
    }
    throw new IllegalArgumentException("must be a port 1..65535");
  }
}
