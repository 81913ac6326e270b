package dev.tabby.rr;

import dev.tabby.api.v1.BGPConfiguration;
import dev.tabby.api.v1.NodeBgpAnnotations;
import dev.tabby.bgp.GracefulRestartConfig;
import dev.tabby.bgp.SpeakerConfig;
import dev.tabby.node.AgentConfig;
import dev.tabby.node.BgpAddress;
import dev.tabby.node.LocalNode;
import dev.tabby.node.PeerPlanner;
import io.fabric8.kubernetes.api.model.Node;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Who the reflector is, from its flags and its Node: the speaker's router ID, AS, port and cluster
 * ID, and the node the peer planner plans for. A flag wins over the Node; the flags are written to
 * the Node ({@link #annotations}) so that the other nodes see the same.
 *
 * @param speaker how the speaker starts
 * @param me the reflector as the peer planner sees it
 */
record ReflectorIdentity(SpeakerConfig speaker, LocalNode me) {

  /** The annotations the flags ask for on the reflector's Node; empty when no flag sets any. */
  static Map<String, String> annotations(ReflectorConfig config) {
    Map<String, String> wanted = new HashMap<>();
    config
        .address()
        .ifPresent(address -> wanted.put(NodeBgpAnnotations.IPV4_ADDRESS, address.toString()));
    config
        .clusterId()
        .ifPresent(
            id -> wanted.put(NodeBgpAnnotations.ROUTE_REFLECTOR_CLUSTER_ID, id.getHostAddress()));
    return wanted;
  }

  /**
   * The identity {@code node} and the flags give.
   *
   * @throws ConfigException when the Node does not yet carry what the flags wrote (the informer is
   *     behind), or lacks a cluster ID or an IPv4 BGP address with no flag to give one
   */
  static ReflectorIdentity of(ReflectorConfig config, Node node, BGPConfiguration cluster) {
    String name = "Node " + node.getMetadata().getName();
    Map<String, String> annotations =
        node.getMetadata().getAnnotations() == null
            ? Map.of()
            : node.getMetadata().getAnnotations();
    annotations(config)
        .forEach(
            (key, value) -> {
              if (!value.equals(annotations.get(key))) {
                throw new ConfigException(
                    name + ": waiting for annotation " + key + "=" + value + " to be written");
              }
            });
    Inet4Address clusterId;
    try {
      clusterId = PeerPlanner.clusterAddressOf(node);
    } catch (dev.tabby.node.ConfigException e) {
      throw new ConfigException(e.getMessage());
    }
    if (clusterId == null) {
      throw new ConfigException(
          name
              + " has no annotation "
              + NodeBgpAnnotations.ROUTE_REFLECTOR_CLUSTER_ID
              + " and --cluster-id (env TABBY_CLUSTER_ID) is not set: a reflector needs a cluster"
              + " ID");
    }
    BgpAddress ipv4 = address(name, annotations, NodeBgpAnnotations.IPV4_ADDRESS);
    if (ipv4 == null || ipv4.isIpv6()) {
      throw new ConfigException(
          name
              + " has no IPv4 annotation "
              + NodeBgpAnnotations.IPV4_ADDRESS
              + " and --address (env TABBY_BGP_ADDRESS) is not set");
    }
    BgpAddress ipv6 = address(name, annotations, NodeBgpAnnotations.IPV6_ADDRESS);
    Inet4Address routerId = config.routerId().orElse((Inet4Address) ipv4.address());
    int port =
        config
            .bgpPort()
            .orElse(
                cluster == null || cluster.getSpec() == null
                    ? 179
                    : cluster.getSpec().getListenPort());
    SpeakerConfig speaker =
        new SpeakerConfig(
            routerId,
            as(name, annotations, cluster),
            new InetSocketAddress(port),
            clusterId,
            gracefulRestart(config.gracefulRestartTime()));
    LocalNode me =
        new LocalNode(
            node.getMetadata().getName(),
            node.getMetadata().getLabels() == null ? Map.of() : node.getMetadata().getLabels(),
            Optional.of(ipv4),
            Optional.ofNullable(ipv6));
    return new ReflectorIdentity(speaker, me);
  }

  /**
   * The graceful restart capability (RFC 4724) a reflector offers: its families, each with the
   * Forwarding State bit, and the Restart State bit, on every start.
   *
   * <p>The F bit: a reflector is in no packet's path (the routes it reflects keep their clients'
   * next hops), so the forwarding of what it advertised is preserved across any restart of its own;
   * without the bit its clients would flush its routes the moment it is back (§4.2), before it has
   * learned them again. The R bit and the held initial tables: a reflector keeps nothing across a
   * restart and cannot tell a first start from a restart, so it always starts as a restarting
   * speaker, which sends its tables and End-of-RIB only once its peers have sent it theirs (see
   * {@link InitialTables}); a client flushes at that End-of-RIB what the reflector has not sent.
   */
  static GracefulRestartConfig gracefulRestart(Duration restartTime) {
    if (restartTime.isZero()) {
      return new GracefulRestartConfig(Duration.ZERO, false, false, false);
    }
    return new GracefulRestartConfig(restartTime, true, true, true);
  }

  /** The Node's AS annotation, else the cluster's, else the default (as the node agent does). */
  private static long as(String name, Map<String, String> annotations, BGPConfiguration cluster) {
    String text = annotations.get(NodeBgpAnnotations.AS_NUMBER);
    if (text != null) {
      try {
        return Long.parseLong(text.strip());
      } catch (NumberFormatException e) {
        throw new ConfigException(
            name + ": annotation " + NodeBgpAnnotations.AS_NUMBER + " '" + text + "' is no AS");
      }
    }
    if (cluster != null && cluster.getSpec() != null && cluster.getSpec().getAsNumber() != null) {
      return cluster.getSpec().getAsNumber();
    }
    return AgentConfig.DEFAULT_AS;
  }

  private static BgpAddress address(String name, Map<String, String> annotations, String key) {
    String text = annotations.get(key);
    if (text == null) {
      return null;
    }
    try {
      return BgpAddress.parse(text);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(name + ": annotation " + key + ": " + e.getMessage());
    }
  }
}
