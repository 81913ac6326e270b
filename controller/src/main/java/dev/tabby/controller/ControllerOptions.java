package dev.tabby.controller;

import dev.tabby.api.v1.IPPool;
import dev.tabby.health.HealthServer;
import dev.tabby.ipam.pool.NodeRange;
import dev.tabby.ipam.pool.PoolValidator;
import dev.tabby.net.IpFamily;
import dev.tabby.net.IpPrefix;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
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
  static final String DEFAULT_IPV4_POOL = "default-ipv4";
  static final String DEFAULT_IPV6_POOL = "default-ipv6";

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
      names = "--default-ipv4-pool-cidr",
      paramLabel = "CIDR",
      defaultValue = "${env:TABBY_DEFAULT_IPV4_POOL_CIDR:-}",
      description =
          "The IPv4 pool made when the cluster has no IPPool at all, named default-ipv4"
              + " (kubeadm's --pod-network-cidr; env TABBY_DEFAULT_IPV4_POOL_CIDR; default none)")
  String defaultIpv4Cidr;

  @Option(
      names = "--default-ipv4-pool-block-size",
      paramLabel = "BITS",
      defaultValue = "${env:TABBY_DEFAULT_IPV4_POOL_BLOCK_SIZE:-26}",
      description =
          "Prefix length of the default IPv4 pool's blocks"
              + " (env TABBY_DEFAULT_IPV4_POOL_BLOCK_SIZE; default ${DEFAULT-VALUE})")
  String defaultIpv4BlockSize;

  @Option(
      names = "--default-ipv6-pool-cidr",
      paramLabel = "CIDR",
      defaultValue = "${env:TABBY_DEFAULT_IPV6_POOL_CIDR:-}",
      description =
          "The IPv6 pool made with the IPv4 one when the cluster has no IPPool at all, named"
              + " default-ipv6 (env TABBY_DEFAULT_IPV6_POOL_CIDR; default none)")
  String defaultIpv6Cidr;

  @Option(
      names = "--default-ipv6-pool-block-size",
      paramLabel = "BITS",
      defaultValue = "${env:TABBY_DEFAULT_IPV6_POOL_BLOCK_SIZE:-122}",
      description =
          "Prefix length of the default IPv6 pool's blocks"
              + " (env TABBY_DEFAULT_IPV6_POOL_BLOCK_SIZE; default ${DEFAULT-VALUE})")
  String defaultIpv6BlockSize;

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
    List<IpPrefix> services =
        read("--service-cluster-ip-range", serviceRanges, ControllerOptions::cidrs);
    List<IpPrefix> networks = read("--node-networks", nodeNetworks, ControllerOptions::cidrs);
    return new ControllerConfig(
        services,
        networks,
        defaultPools(services, networks),
        leaseConfig,
        read("--ipam-grace-period", gracePeriod, GoDuration::parse),
        read("--ipam-gc-interval", gcInterval, GoDuration::parse),
        read("--pool-resync-interval", resyncInterval, GoDuration::parse),
        read("--http-address", http, HealthServer::parseAddress));
  }

  /**
   * The default pools asked for, each checked as the controller will judge it (the two families
   * cannot overlap each other), so that a pool that would be marked invalid stops the start.
   */
  private List<IPPool> defaultPools(List<IpPrefix> services, List<IpPrefix> networks) {
    PoolValidator validator =
        new PoolValidator(networks.stream().map(NodeRange::network).toList(), services);
    List<IPPool> pools = new ArrayList<>();
    defaultPool(validator, IpFamily.V4, defaultIpv4Cidr, defaultIpv4BlockSize)
        .ifPresent(pools::add);
    defaultPool(validator, IpFamily.V6, defaultIpv6Cidr, defaultIpv6BlockSize)
        .ifPresent(pools::add);
    return pools;
  }

  private static Optional<IPPool> defaultPool(
      PoolValidator validator, IpFamily family, String cidr, String blockSize) {
    if (cidr.isBlank()) {
      return Optional.empty();
    }
    String flag = family == IpFamily.V4 ? "--default-ipv4-pool" : "--default-ipv6-pool";
    IpPrefix prefix = read(flag + "-cidr", cidr.trim(), IpPrefix::parse);
    if (prefix.family() != family) {
      throw new ConfigException(flag + "-cidr=" + cidr + ": not an " + family + " prefix");
    }
    int bits = read(flag + "-block-size", blockSize.trim(), Integer::parseInt);
    String name = family == IpFamily.V4 ? DEFAULT_IPV4_POOL : DEFAULT_IPV6_POOL;
    IPPool pool = IPPool.of(name, prefix.toString(), bits);
    List<String> problems = validator.problems(pool, List.of());
    if (!problems.isEmpty()) {
      throw new ConfigException(
          flag + "-cidr=" + cidr + " with blocks of /" + bits + ": " + String.join("; ", problems));
    }
    return Optional.of(pool);
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
