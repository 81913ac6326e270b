package dev.tabby.node;

import com.google.common.net.InetAddresses;
import dev.tabby.api.v1.BFDSettings;
import dev.tabby.api.v1.BGPConfiguration;
import dev.tabby.api.v1.BGPConfigurationSpec;
import dev.tabby.api.v1.BGPFilter;
import dev.tabby.api.v1.BGPPeer;
import dev.tabby.api.v1.BGPPeerSpec;
import dev.tabby.api.v1.MaxPrefixes;
import dev.tabby.api.v1.NextHopMode;
import dev.tabby.api.v1.NodeBgpAnnotations;
import dev.tabby.api.v1.PrefixLimitAction;
import dev.tabby.api.v1.PrefixLimitSettings;
import dev.tabby.api.v1.SourceAddress;
import dev.tabby.bfd.BfdParameters;
import dev.tabby.bgp.PeerConfig;
import dev.tabby.bgp.bfd.BfdOptions;
import dev.tabby.bgp.policy.RoutePolicy;
import dev.tabby.bgp.rib.PrefixLimit;
import dev.tabby.bgp.wire.AddPath;
import dev.tabby.bgp.wire.AddressFamily;
import dev.tabby.bgp.wire.LongLivedGracefulRestart;
import dev.tabby.ipam.pool.NodeSelector;
import io.fabric8.kubernetes.api.model.Node;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Resources → peers: the node-to-node mesh from the other Nodes' annotations (unless the
 * BGPConfiguration named {@code default} turns it off) and the BGPPeers that select this node. A
 * BGPPeer wins over the mesh for the same address. Pure: the same resources give the same plan.
 *
 * <p>A BGPPeer with a {@code peerSelector} is a peering between two sets of nodes, configured on
 * both ends as in Calico: a node its node selector picks peers with the nodes its peer selector
 * picks, and a node the peer selector picks peers with the nodes the node selector picks. A node
 * with a route-reflector cluster ID ({@link NodeBgpAnnotations#ROUTE_REFLECTOR_CLUSTER_ID}) is a
 * route reflector: every other node it peers with, unless that node reflects for the same cluster,
 * is its route-reflector client. A reflector and its clients speak ADD-PATH (RFC 7911): the
 * reflector sends each client the multipath set of every prefix, not only its best path, so nodes
 * announcing one address stay an ECMP route on the nodes behind the reflector.
 */
public final class PeerPlanner {

  /** The BGPConfiguration that holds the cluster's settings. */
  public static final String DEFAULT_CONFIGURATION = "default";

  /**
   * BIRD's connect delay: a node that starts after its peers connects to them at once, and one
   * whose peer is not up yet tries again soon.
   */
  static final Duration CONNECT_RETRY = Duration.ofSeconds(5);

  private final SecretReader secrets;
  private final Map<String, BGPFilter> filters;

  /**
   * @param secrets where BGPPeer passwords are read
   * @param filters every BGPFilter, by name
   */
  public PeerPlanner(SecretReader secrets, Map<String, BGPFilter> filters) {
    this.secrets = secrets;
    this.filters = Map.copyOf(filters);
  }

  /**
   * @param me this node and its BGP addresses
   * @param nodes every Node, this one included
   * @param configuration the cluster's BGPConfiguration; null when there is none
   * @param bgpPeers every BGPPeer
   */
  public PeerPlan plan(
      LocalNode me, List<Node> nodes, BGPConfiguration configuration, List<BGPPeer> bgpPeers) {
    BGPConfigurationSpec cluster =
        configuration == null || configuration.getSpec() == null
            ? new BGPConfigurationSpec()
            : configuration.getSpec();
    long clusterAs = cluster.getAsNumber() == null ? AgentConfig.DEFAULT_AS : cluster.getAsNumber();
    int port = cluster.getListenPort();
    Map<InetAddress, PeerConfig> peers = new LinkedHashMap<>();
    Map<InetAddress, BfdOptions> bfd = new HashMap<>();
    Map<InetAddress, PeerType> types = new HashMap<>();
    List<String> problems = new ArrayList<>();
    String myCluster =
        nodes.stream()
            .filter(node -> node.getMetadata().getName().equals(me.name()))
            .findFirst()
            .map(PeerPlanner::clusterIdOf)
            .orElse(null);

    List<BGPPeer> sorted = new ArrayList<>(bgpPeers);
    sorted.sort(Comparator.comparing(peer -> peer.getMetadata().getName()));
    for (BGPPeer resource : sorted) {
      try {
        String name = "BGPPeer " + resource.getMetadata().getName();
        BGPPeerSpec spec = resource.getSpec();
        BfdOptions options = bfd(name + ": spec.bfd", spec == null ? null : spec.getBfd());
        for (Planned peer :
            fromBgpPeer(
                me,
                myCluster,
                resource,
                nodes,
                clusterAs,
                port,
                cluster.isNodeMeshExtendedNextHop())) {
          InetAddress address = peer.config().address();
          if (peers.putIfAbsent(address, peer.config()) == null) {
            types.put(address, peer.type());
            if (options != null) {
              bfd.put(address, options);
            }
          }
        }
      } catch (ConfigException e) {
        problems.add(e.getMessage());
      }
    }
    if (cluster.isNodeToNodeMeshEnabled()) {
      BfdOptions meshBfd = null;
      try {
        meshBfd = bfd("BGPConfiguration: spec.nodeMeshBfd", cluster.getNodeMeshBfd());
      } catch (ConfigException e) {
        problems.add(e.getMessage());
      }
      for (Node node : nodes) {
        if (node.getMetadata().getName().equals(me.name())) {
          continue;
        }
        for (NodePeer other : nodePeers(node, clusterAs, problems)) {
          Optional<BgpAddress> local = me.address(other.address() instanceof Inet6Address);
          if (local.isPresent()
              && peers.putIfAbsent(
                      other.address(),
                      base(other.address(), other.as(), port)
                          .localAddress(local.get().address())
                          .routeReflectorClient(other.clientOf(myCluster))
                          .addPaths(other.addPaths(myCluster))
                          .extendedNextHop(cluster.isNodeMeshExtendedNextHop())
                          .build())
                  == null) {
            types.put(other.address(), PeerType.MESH);
            if (meshBfd != null) {
              bfd.put(other.address(), meshBfd);
            }
          }
        }
      }
    }
    return new PeerPlan(List.copyOf(peers.values()), types, problems, bfd);
  }

  /** BFD options from a resource's settings; null when BFD is not enabled there. */
  private static BfdOptions bfd(String field, BFDSettings settings) {
    if (settings == null || !settings.isEnabled()) {
      return null;
    }
    try {
      BfdParameters parameters =
          BfdParameters.ofMillis(
              settings.getMinTxMs(), settings.getMinRxMs(), settings.getMultiplier());
      return settings.isMultihop()
          ? BfdOptions.multihop(parameters, settings.getMinimumTtl())
          : BfdOptions.singleHop(parameters);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(field + ": " + e.getMessage());
    }
  }

  /** A peer a BGPPeer asks for, and what it is. */
  private record Planned(PeerConfig config, PeerType type) {}

  /**
   * @param nodesExtendedNextHop the BGPConfiguration's {@code nodeMeshExtendedNextHop}: extended
   *     next hop on sessions to other nodes (reflectors, clients), whatever the BGPPeer says
   */
  private List<Planned> fromBgpPeer(
      LocalNode me,
      String myCluster,
      BGPPeer resource,
      List<Node> nodes,
      long clusterAs,
      int port,
      boolean nodesExtendedNextHop) {
    String name = "BGPPeer " + resource.getMetadata().getName();
    BGPPeerSpec spec = resource.getSpec();
    if (spec == null) {
      throw new ConfigException(name + ": spec is missing");
    }
    boolean selectsMe = selectsMe(name, spec, me);
    if (!selectsMe && spec.getPeerSelector() == null) {
      return List.of();
    }
    List<NodePeer> targets = new ArrayList<>();
    if (spec.getPeerSelector() != null) {
      NodeSelector peerSelector = selector(name, "spec.peerSelector", spec.getPeerSelector());
      boolean pickedAsPeer = peerSelector.matches(me.labels());
      for (Node node : nodes) {
        if (node.getMetadata().getName().equals(me.name())) {
          continue;
        }
        boolean peerOfMine = selectsMe && peerSelector.matches(labels(node));
        boolean mineAsPeer = pickedAsPeer && selectsNode(name, spec, node);
        if (peerOfMine || mineAsPeer) {
          targets.addAll(nodePeers(node, clusterAs, new ArrayList<>()));
        }
      }
    } else {
      if (spec.getPeerIP() == null || !InetAddresses.isInetAddress(spec.getPeerIP())) {
        throw new ConfigException(
            name + ": spec.peerIP " + quoted(spec.getPeerIP()) + " is not an IP address");
      }
      if (spec.getAsNumber() == null) {
        throw new ConfigException(name + ": spec.asNumber is missing (the peer's AS)");
      }
      targets.add(NodePeer.peerIp(InetAddresses.forString(spec.getPeerIP()), spec.getAsNumber()));
    }
    String password = password(name, spec);
    FilterPolicies.Policies policies = filter(name, spec);
    Map<AddressFamily, PrefixLimit> prefixLimits = prefixLimits(name, spec.getMaxPrefixes());
    List<Planned> result = new ArrayList<>();
    for (NodePeer target : targets) {
      boolean ipv6 = target.address() instanceof Inet6Address;
      Optional<BgpAddress> local = me.address(ipv6);
      if (local.isEmpty()) {
        continue; // this node has no BGP address of the peer's family
      }
      PeerType type = target.node() ? target.type() : typeOf(target.address(), nodes, clusterAs);
      PeerConfig.Builder peer =
          base(target.address(), target.as(), port)
              .password(password)
              .nextHopSelf(spec.getNextHopMode() == NextHopMode.Self)
              .extendedNextHop(
                  spec.isExtendedNextHop() || (nodesExtendedNextHop && type != PeerType.TOR))
              .extendedMessages(spec.isExtendedMessages())
              .routeReflectorClient(target.clientOf(myCluster))
              .addPaths(target.addPaths(myCluster))
              .importPolicy(policies.importPolicy())
              .exportPolicy(policies.exportPolicy());
      if (spec.getSourceAddress() != SourceAddress.None) {
        peer.localAddress(local.get().address());
      }
      Duration hold =
          spec.getHoldTimeSeconds() == null
              ? PeerConfig.DEFAULT_HOLD_TIME
              : holdTime(name, spec.getHoldTimeSeconds());
      peer.holdTime(hold);
      if (spec.getKeepaliveTimeSeconds() != null) {
        peer.keepaliveTime(keepaliveTime(name, spec.getKeepaliveTimeSeconds(), hold));
      }
      if (spec.getMaxRestartTimeSeconds() != null) {
        peer.maxRestartTime(maxRestartTime(name, spec.getMaxRestartTimeSeconds()));
      }
      prefixLimits.forEach(peer::prefixLimit);
      if (spec.getLongLivedStaleTimeSeconds() != null) {
        peer.longLivedStaleTime(longLivedStaleTime(name, spec.getLongLivedStaleTimeSeconds()));
      }
      result.add(new Planned(build(name, peer), type));
    }
    return result;
  }

  private static PeerConfig.Builder base(InetAddress address, long as, int port) {
    return PeerConfig.builder(address, as).port(port).connectRetryTime(CONNECT_RETRY);
  }

  private static boolean selectsMe(String name, BGPPeerSpec spec, LocalNode me) {
    return selects(name, spec, me.name(), me.labels());
  }

  private static boolean selectsNode(String name, BGPPeerSpec spec, Node node) {
    return selects(name, spec, node.getMetadata().getName(), labels(node));
  }

  /** Whether the BGPPeer's {@code node} or {@code nodeSelector} picks this node (none: all). */
  private static boolean selects(
      String name, BGPPeerSpec spec, String nodeName, Map<String, String> labels) {
    if (spec.getNode() != null) {
      return spec.getNode().equals(nodeName);
    }
    if (spec.getNodeSelector() != null) {
      return selector(name, "spec.nodeSelector", spec.getNodeSelector()).matches(labels);
    }
    return true;
  }

  private String password(String name, BGPPeerSpec spec) {
    if (spec.getPassword() == null) {
      return null;
    }
    var ref = spec.getPassword().getSecretKeyRef();
    if (ref == null || ref.getName() == null || ref.getKey() == null) {
      throw new ConfigException(name + ": spec.password.secretKeyRef needs a name and a key");
    }
    try {
      return secrets.read(ref.getName(), ref.getKey());
    } catch (ConfigException e) {
      throw new ConfigException(name + ": spec.password.secretKeyRef: " + e.getMessage());
    }
  }

  private static Duration maxRestartTime(String name, int seconds) {
    if (seconds < 0) {
      throw new ConfigException(
          name
              + ": spec.maxRestartTimeSeconds "
              + seconds
              + " must be 0 (no graceful restart) or more");
    }
    return Duration.ofSeconds(seconds);
  }

  /** The speaker's prefix limits from {@code spec.maxPrefixes}; empty when it has none. */
  private static Map<AddressFamily, PrefixLimit> prefixLimits(String name, MaxPrefixes max) {
    Map<AddressFamily, PrefixLimit> limits = new EnumMap<>(AddressFamily.class);
    if (max != null) {
      addPrefixLimit(
          limits, AddressFamily.IPV4_UNICAST, name + ": spec.maxPrefixes.ipv4", max.getIpv4());
      addPrefixLimit(
          limits, AddressFamily.IPV6_UNICAST, name + ": spec.maxPrefixes.ipv6", max.getIpv6());
    }
    return limits;
  }

  private static void addPrefixLimit(
      Map<AddressFamily, PrefixLimit> limits,
      AddressFamily family,
      String field,
      PrefixLimitSettings settings) {
    if (settings == null) {
      return;
    }
    if (settings.getMaximum() == null) {
      throw new ConfigException(field + ".maximum is missing (the most prefixes of the family)");
    }
    if (settings.getAction() == null) {
      throw new ConfigException(field + ".action is missing (teardown or warn)");
    }
    try {
      limits.put(
          family,
          new PrefixLimit(
              settings.getMaximum(),
              settings.getWarningPercent(),
              settings.getAction() == PrefixLimitAction.WARN
                  ? PrefixLimit.Action.WARN
                  : PrefixLimit.Action.TEARDOWN,
              Duration.ofSeconds(settings.getRestartIntervalSeconds())));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(field + ": " + e.getMessage());
    }
  }

  private static Duration longLivedStaleTime(String name, int seconds) {
    if (seconds < 0 || seconds > LongLivedGracefulRestart.MAX_STALE_TIME) {
      throw new ConfigException(
          name
              + ": spec.longLivedStaleTimeSeconds "
              + seconds
              + " must be 0 (no long-lived graceful restart) to 16777215");
    }
    return Duration.ofSeconds(seconds);
  }

  private static Duration holdTime(String name, int seconds) {
    if (seconds == 1 || seconds == 2 || seconds < 0) {
      throw new ConfigException(
          name + ": spec.holdTimeSeconds " + seconds + " must be 0 or at least 3");
    }
    return Duration.ofSeconds(seconds);
  }

  private static Duration keepaliveTime(String name, int seconds, Duration hold) {
    Duration keepalive = Duration.ofSeconds(seconds);
    try {
      PeerConfig.checkKeepalive(keepalive, hold);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(name + ": spec.keepaliveTimeSeconds: " + e.getMessage());
    }
    return keepalive;
  }

  /**
   * The policies of the BGPFilter the peer names; accept-all without one. A peer naming a filter
   * that does not exist or cannot be read is not configured (reported), rather than peered with
   * routes the filter was meant to hold back.
   */
  private FilterPolicies.Policies filter(String name, BGPPeerSpec spec) {
    if (spec.getFilter() == null) {
      return new FilterPolicies.Policies(RoutePolicy.ACCEPT_ALL, RoutePolicy.ACCEPT_ALL);
    }
    BGPFilter filter = filters.get(spec.getFilter());
    if (filter == null) {
      throw new ConfigException(
          name + ": spec.filter " + quoted(spec.getFilter()) + " names no BGPFilter");
    }
    try {
      return FilterPolicies.of(filter);
    } catch (ConfigException e) {
      throw new ConfigException(name + ": spec.filter: " + e.getMessage());
    }
  }

  private static PeerConfig build(String name, PeerConfig.Builder peer) {
    try {
      return peer.build();
    } catch (IllegalArgumentException e) {
      throw new ConfigException(name + ": " + e.getMessage());
    }
  }

  private static NodeSelector selector(String name, String field, String text) {
    try {
      return NodeSelector.parse(text);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(name + ": " + field + " " + quoted(text) + ": " + e.getMessage());
    }
  }

  /**
   * A peer: a Tabby node's annotated address and AS (and the cluster it reflects for, null when it
   * is no reflector), or a BGPPeer's {@code peerIP} (never a client).
   */
  private record NodePeer(InetAddress address, long as, String clusterId, boolean node) {
    static NodePeer peerIp(InetAddress address, long as) {
      return new NodePeer(address, as, null, false);
    }

    /** A reflector (it carries a cluster ID), another node, or a router that is no Node (ToR). */
    PeerType type() {
      return clusterId != null ? PeerType.REFLECTOR : node ? PeerType.NODE : PeerType.TOR;
    }

    /** Whether a reflector for {@code myCluster} (null: none) reflects to this peer as a client. */
    boolean clientOf(String myCluster) {
      return myCluster != null && node && !myCluster.equals(clusterId);
    }

    /** Whether this peer is a reflector that reflects to us (of {@code myCluster}) as a client. */
    boolean reflectsTo(String myCluster) {
      return clusterId != null && !clusterId.equals(myCluster);
    }

    /**
     * ADD-PATH towards this peer: a reflector sends its clients several paths per prefix, and a
     * client receives them; every family, since the other end decides what it offers.
     */
    AddPath addPaths(String myCluster) {
      boolean send = clientOf(myCluster);
      boolean receive = reflectsTo(myCluster);
      if (!send && !receive) {
        return AddPath.NONE;
      }
      AddPath.Direction direction =
          send && receive
              ? AddPath.Direction.BOTH
              : send ? AddPath.Direction.SEND : AddPath.Direction.RECEIVE;
      return AddPath.of(EnumSet.allOf(AddressFamily.class), direction);
    }
  }

  /**
   * The route-reflector cluster ID a Node carries, as the speaker takes it; null when it is no
   * reflector.
   *
   * @throws ConfigException when the annotation is not an IPv4 address
   */
  public static Inet4Address clusterAddressOf(Node node) {
    String clusterId = clusterIdOf(node);
    if (clusterId == null) {
      return null;
    }
    if (InetAddresses.isInetAddress(clusterId)
        && InetAddresses.forString(clusterId) instanceof Inet4Address address) {
      return address;
    }
    throw new ConfigException(
        "Node "
            + node.getMetadata().getName()
            + ": annotation "
            + NodeBgpAnnotations.ROUTE_REFLECTOR_CLUSTER_ID
            + " "
            + quoted(clusterId)
            + " is not a cluster ID in IPv4 form (e.g. 244.0.0.1)");
  }

  /** The route-reflector cluster ID a Node carries; null when it is no reflector. */
  public static String clusterIdOf(Node node) {
    Map<String, String> annotations = node.getMetadata().getAnnotations();
    String clusterId =
        annotations == null ? null : annotations.get(NodeBgpAnnotations.ROUTE_REFLECTOR_CLUSTER_ID);
    return clusterId == null || clusterId.isBlank() ? null : clusterId.strip();
  }

  /** A BGPPeer's peerIP: a reflector's or another node's address, else a router's (ToR). */
  private static PeerType typeOf(InetAddress address, List<Node> nodes, long clusterAs) {
    for (Node node : nodes) {
      for (NodePeer peer : nodePeers(node, clusterAs, new ArrayList<>())) {
        if (peer.address().equals(address)) {
          return peer.type();
        }
      }
    }
    return PeerType.TOR;
  }

  private static List<NodePeer> nodePeers(Node node, long clusterAs, List<String> problems) {
    Map<String, String> annotations = node.getMetadata().getAnnotations();
    if (annotations == null) {
      return List.of();
    }
    String name = "Node " + node.getMetadata().getName();
    long as = clusterAs;
    String asText = annotations.get(NodeBgpAnnotations.AS_NUMBER);
    if (asText != null) {
      try {
        as = Long.parseLong(asText);
      } catch (NumberFormatException e) {
        problems.add(
            name
                + ": annotation "
                + NodeBgpAnnotations.AS_NUMBER
                + " "
                + quoted(asText)
                + " is not an AS number");
        return List.of();
      }
    }
    List<NodePeer> result = new ArrayList<>();
    for (String key : List.of(NodeBgpAnnotations.IPV4_ADDRESS, NodeBgpAnnotations.IPV6_ADDRESS)) {
      String text = annotations.get(key);
      if (text == null) {
        continue;
      }
      try {
        result.add(new NodePeer(BgpAddress.parse(text).address(), as, clusterIdOf(node), true));
      } catch (IllegalArgumentException e) {
        problems.add(name + ": annotation " + key + ": " + e.getMessage());
      }
    }
    return result;
  }

  static Map<String, String> labels(Node node) {
    Map<String, String> labels = node.getMetadata().getLabels();
    return labels == null ? Map.of() : labels;
  }

  private static String quoted(String text) {
    return text == null ? "(absent)" : "'" + text + "'";
  }
}
