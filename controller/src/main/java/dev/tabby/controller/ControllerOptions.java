package dev.tabby.controller;

import dev.tabby.health.HealthServer;
import dev.tabby.net.IpPrefix;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * tabby-controller's flags. Each defaults to an environment variable (as a Deployment sets them),
 * then to a built-in default; a flag wins over its variable.
 */
@Command(
    name = "tabby-controller",
    description = "Validates IPPools and keeps IPAM tidy; one replica leads, through a Lease.")
final class ControllerOptions {
  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Print this help and exit")
  boolean help;

  @Option(
      names = "--service-cluster-ip-range",
      paramLabel = "CIDRS",
      defaultValue = "${env:SERVICE_CLUSTER_IP_RANGE:-10.96.0.0/12}",
      description =
          "Service ranges no pool may overlap, comma-separated (kubeadm's --service-cidr;"
              + " env SERVICE_CLUSTER_IP_RANGE; default ${DEFAULT-VALUE})")
  String serviceRanges;

  @Option(
      names = "--node-networks",
      paramLabel = "CIDRS",
      defaultValue = "${env:TABBY_NODE_NETWORKS:-}",
      description =
          "Node networks no pool may overlap, comma-separated, beyond the addresses the"
              + " Nodes report (env TABBY_NODE_NETWORKS; default none)")
  String nodeNetworks;

  @Option(
      names = "--lease-namespace",
      paramLabel = "NAMESPACE",
      defaultValue = "${env:TABBY_LEASE_NAMESPACE:-kube-system}",
      description =
          "Namespace of the leader Lease (env TABBY_LEASE_NAMESPACE; default ${DEFAULT-VALUE})")
  String leaseNamespace;

  @Option(
      names = "--lease-name",
      paramLabel = "NAME",
      defaultValue = "${env:TABBY_LEASE_NAME:-tabby-controller}",
      description = "Name of the leader Lease (env TABBY_LEASE_NAME; default ${DEFAULT-VALUE})")
  String leaseName;

  @Option(
      names = "--identity",
      paramLabel = "NAME",
      defaultValue = "${env:POD_NAME:-}",
      description = "This replica's name in the Lease (env POD_NAME; default the host name)")
  String identity;

  @Option(
      names = "--lease-duration",
      paramLabel = "DURATION",
      defaultValue = "${env:TABBY_LEASE_DURATION:-15s}",
      description =
          "How long an unrenewed Lease keeps others out (env TABBY_LEASE_DURATION;"
              + " default ${DEFAULT-VALUE})")
  String leaseDuration;

  @Option(
      names = "--renew-deadline",
      paramLabel = "DURATION",
      defaultValue = "${env:TABBY_RENEW_DEADLINE:-10s}",
      description =
          "How long the leader tries to renew before it stops acting"
              + " (env TABBY_RENEW_DEADLINE; default ${DEFAULT-VALUE})")
  String renewDeadline;

  @Option(
      names = "--retry-period",
      paramLabel = "DURATION",
      defaultValue = "${env:TABBY_RETRY_PERIOD:-2s}",
      description =
          "How often the Lease is renewed or tried (env TABBY_RETRY_PERIOD;"
              + " default ${DEFAULT-VALUE})")
  String retryPeriod;

  @Option(
      names = "--ipam-grace-period",
      paramLabel = "DURATION",
      defaultValue = "${env:TABBY_IPAM_GRACE_PERIOD:-15m}",
      description =
          "How long an address whose pod is gone, an empty block or a deleted node's"
              + " blocks wait before release (env TABBY_IPAM_GRACE_PERIOD; default ${DEFAULT-VALUE})")
  String gracePeriod;

  @Option(
      names = "--ipam-gc-interval",
      paramLabel = "DURATION",
      defaultValue = "${env:TABBY_IPAM_GC_INTERVAL:-1m}",
      description =
          "How often IPAM garbage is looked for (env TABBY_IPAM_GC_INTERVAL;"
              + " default ${DEFAULT-VALUE})")
  String gcInterval;

  @Option(
      names = "--pool-resync-interval",
      paramLabel = "DURATION",
      defaultValue = "${env:TABBY_POOL_RESYNC_INTERVAL:-5m}",
      description =
          "How often every IPPool is judged again without an event"
              + " (env TABBY_POOL_RESYNC_INTERVAL; default ${DEFAULT-VALUE})")
  String resyncInterval;

  @Option(
      names = "--http-address",
      paramLabel = "ADDRESS:PORT",
      defaultValue = "${env:TABBY_HTTP_ADDRESS:-0.0.0.0:9098}",
      description =
          "Where /livez, /readyz and /metrics are served (env TABBY_HTTP_ADDRESS;"
              + " default ${DEFAULT-VALUE})")
  String http;

  /**
   * Reads the flags (and the environment behind their defaults).
   *
   * @return null when help was asked for and printed
   * @throws ConfigException naming the flag and its variable when a value is wrong
   */
  static ControllerConfig parse(String[] args, java.io.PrintWriter out) {
    ControllerOptions options = new ControllerOptions();
    CommandLine command = new CommandLine(options);
    try {
      command.parseArgs(args);
    } catch (CommandLine.ParameterException e) {
      throw new ConfigException(e.getMessage());
    }
    if (command.isUsageHelpRequested()) {
      command.usage(out);
      return null;
    }
    return options.toConfig();
  }

  private ControllerConfig toConfig() {
    Duration lease = read("--lease-duration", leaseDuration, GoDuration::parse);
    Duration renew = read("--renew-deadline", renewDeadline, GoDuration::parse);
    Duration retry = read("--retry-period", retryPeriod, GoDuration::parse);
    ControllerConfig.LeaseConfig leaseConfig;
    try {
      leaseConfig =
          new ControllerConfig.LeaseConfig(
              leaseNamespace, leaseName, identity(), lease, renew, retry);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage());
    }
    return new ControllerConfig(
        read("--service-cluster-ip-range", serviceRanges, ControllerOptions::cidrs),
        read("--node-networks", nodeNetworks, ControllerOptions::cidrs),
        leaseConfig,
        read("--ipam-grace-period", gracePeriod, GoDuration::parse),
        read("--ipam-gc-interval", gcInterval, GoDuration::parse),
        read("--pool-resync-interval", resyncInterval, GoDuration::parse),
        read("--http-address", http, HealthServer::parseAddress));
  }

  private static <T> T read(String flag, String value, Function<String, T> parser) {
    try {
      return parser.apply(value);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(flag + "=" + value + ": " + e.getMessage());
    }
  }

  private String identity() {
    if (!identity.isBlank()) {
      return identity.trim();
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      throw new ConfigException(
          "--identity is not set (env POD_NAME) and the host name cannot be read: "
              + e.getMessage());
    }
  }

  private static List<IpPrefix> cidrs(String text) {
    return Arrays.stream(text.split(","))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .map(IpPrefix::parse)
        .toList();
  }
}
