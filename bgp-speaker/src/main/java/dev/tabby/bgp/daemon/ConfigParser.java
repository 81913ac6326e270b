package dev.tabby.bgp.daemon;

import com.google.common.net.InetAddresses;
import dev.tabby.bgp.GracefulRestartConfig;
import dev.tabby.bgp.PeerConfig;
import dev.tabby.bgp.PeerRange;
import dev.tabby.bgp.SpeakerConfig;
import dev.tabby.bgp.rib.AddPathSelection;
import dev.tabby.bgp.rib.PrefixLimit;
import dev.tabby.bgp.wire.AddPath;
import dev.tabby.bgp.wire.AddressFamily;
import dev.tabby.bgp.wire.Communities;
import dev.tabby.bgp.wire.GracefulRestart;
import dev.tabby.bgp.wire.LongLivedGracefulRestart;
import dev.tabby.net.IpPrefix;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.snakeyaml.engine.v2.api.LoadSettings;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLFactory;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads and checks the daemon's YAML config. Every problem is reported as one {@link
 * ConfigException} naming the field, e.g. {@code config peers[1].as: must be 1..4294967295, got
 * -5}.
 */
public final class ConfigParser {

  static final int DEFAULT_HTTP_PORT = 8179;
  private static final long MAX_AS = 0xFFFF_FFFFL;
  private static final long AS_TRANS = 23456;
  private static final Logger log = LoggerFactory.getLogger(ConfigParser.class);

  /**
   * The largest config read, in code points: 128 Mi. The YAML reader's own default (3 Mi) refuses a
   * config of about 100,000 originated prefixes; a {@code - prefix: 10.0.0.0/28} line is about 25
   * code points, so this fits several million, with communities on each.
   */
  static final int MAX_CODE_POINTS = 128 * 1024 * 1024;

  private static final YAMLMapper YAML =
      YAMLMapper.builder(
              YAMLFactory.builder()
                  .loadSettings(LoadSettings.builder().setCodePointLimit(MAX_CODE_POINTS).build())
                  .build())
          .build();

  private static final Set<String> TOP =
      Set.of(
          "routerId",
          "localAs",
          "clusterId",
          "listen",
          "http",
          "peers",
          "peerRanges",
          "prefixes",
          "warmup",
          "maxRoutes",
          "gracefulRestart");
  private static final Set<String> GRACEFUL_RESTART =
      Set.of("restartTime", "restartable", "forwardingPreserved");
  private static final Set<String> ENDPOINT = Set.of("address", "port");
  private static final Set<String> PEER =
      Set.of(
          "address",
          "as",
          "password",
          "passive",
          "holdTime",
          "keepaliveTime",
          "connectRetryTime",
          "openTimeout",
          "nextHopSelf",
          "enforceFirstAs",
          "localAddress",
          "port",
          "routeReflectorClient",
          "maxRestartTime",
          "prefixLimit",
          "extendedMessages",
          "bfd",
          "addPaths",
          "addPathsSelect",
          "extendedNextHop",
          "longLivedStaleTime");
  private static final Set<String> PEER_RANGE =
      Set.of(
          "prefix",
          "as",
          "password",
          "holdTime",
          "keepaliveTime",
          "openTimeout",
          "nextHopSelf",
          "enforceFirstAs",
          "routeReflectorClient",
          "prefixLimit",
          "extendedMessages",
          "addPaths",
          "addPathsSelect",
          "extendedNextHop",
          "bfd");
  private static final Set<String> PREFIX_LIMIT_FAMILIES = Set.of("ipv4", "ipv6");
  private static final Set<String> ADD_PATHS_FAMILIES = Set.of("ipv4", "ipv6");
  private static final Set<String> PREFIX_LIMIT =
      Set.of("maximum", "warningPercent", "action", "restartInterval");
  private static final Set<String> PREFIX = Set.of("prefix", "communities");

  private ConfigParser() {}

  public static DaemonConfig load(Path file) {
    String yaml;
    try {
      yaml = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigException(file.toString(), "cannot read: " + readFailure(e));
    }
    return parse(yaml);
  }

  /** Why a file could not be read: NIO's own messages of these are only the path. */
  static String readFailure(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof FileSystemException fileSystem && fileSystem.getReason() != null) {
      return fileSystem.getReason();
    }
    return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
  }

  public static DaemonConfig parse(String yaml) {
    JsonNode tree;
    try {
      tree = YAML.readTree(yaml);
    } catch (JacksonException e) {
      throw new ConfigException("file", "not valid YAML: " + e.getOriginalMessage());
    }
    ConfigNode root = new ConfigNode(tree, "").mapping(TOP);
    SpeakerConfig speaker =
        new SpeakerConfig(
            routerId(root.field("routerId")),
            as(root.field("localAs")),
            listen(root.field("listen")),
            root.field("clusterId").present() ? root.field("clusterId").ipv4() : null,
            gracefulRestart(root.field("gracefulRestart")));
    ConfigNode http = root.field("http");
    if (http.present()) {
      http.mapping(ENDPOINT);
    }
    InetSocketAddress httpAddress =
        new InetSocketAddress(
            http.field("address").address(InetAddress.getLoopbackAddress()),
            (int) http.field("port").longIn(0, 65535, DEFAULT_HTTP_PORT));
    if (!httpAddress.getAddress().isLoopbackAddress()) {
      log.warn(
          "event=config-warning field=http.address reason=\"the state endpoint has no"
              + " authentication: anyone who reaches {} can read the peers and routes\"",
          InetAddresses.toAddrString(httpAddress.getAddress()));
    }
    return new DaemonConfig(
        speaker,
        httpAddress,
        peers(root.field("peers"), speaker),
        BfdSection.of(root.field("peers")),
        peerRanges(root.field("peerRanges")),
        prefixes(root),
        root.field("warmup").bool(true),
        root.field("maxRoutes").longIn(1, Long.MAX_VALUE, 0),
        BfdSection.ofRanges(root.field("peerRanges")));
  }

  /**
   * Absent: helps peers restart, asks for no help. {@code restartable: true} lists our families, so
   * peers keep our routes while we restart; the daemon installs no routes, so it keeps no
   * forwarding state unless told ({@code forwardingPreserved}).
   */
  private static GracefulRestartConfig gracefulRestart(ConfigNode node) {
    if (node.present()) {
      node.mapping(GRACEFUL_RESTART);
    }
    return new GracefulRestartConfig(
        Duration.ofSeconds(
            node.field("restartTime")
                .longIn(
                    0,
                    GracefulRestart.MAX_RESTART_TIME,
                    GracefulRestartConfig.DEFAULT_RESTART_TIME.toSeconds())),
        node.field("restartable").bool(false),
        false,
        node.field("forwardingPreserved").bool(false));
  }

  /** RFC 6286: a non-zero identifier; a multicast one is no address of this router either. */
  private static Inet4Address routerId(ConfigNode node) {
    Inet4Address id = node.ipv4();
    if (id.isAnyLocalAddress() || id.isMulticastAddress()) {
      throw node.error("must be a unicast IPv4 address, got " + InetAddresses.toAddrString(id));
    }
    return id;
  }

  /** RFC 6793: AS_TRANS stands in for a 4-octet AS in a 2-octet field; it is nobody's AS. */
  private static long as(ConfigNode node) {
    long as = node.longIn(1, MAX_AS);
    if (as == AS_TRANS) {
      throw node.error("must not be 23456 (AS_TRANS, RFC 6793), which is no AS of its own");
    }
    return as;
  }

  /** A peer's address: unicast, and not one of ours. */
  private static InetAddress peerAddress(ConfigNode node, SpeakerConfig speaker) {
    InetAddress address = node.address();
    String text = InetAddresses.toAddrString(address);
    if (address.isAnyLocalAddress() || address.isMulticastAddress()) {
      throw node.error("must be a unicast address, got " + text);
    }
    InetSocketAddress listen = speaker.listen();
    if (address.equals(speaker.routerId())
        || (listen != null && address.equals(listen.getAddress()))) {
      throw node.error(text + " is this speaker's own address (routerId or listen)");
    }
    return address;
  }

  /** Absent: listen on every address, port 179. {@code listen: {port: 0}}: a free port. */
  private static InetSocketAddress listen(ConfigNode listen) {
    if (listen.present()) {
      listen.mapping(ENDPOINT);
    }
    InetAddress address = listen.field("address").address(null);
    int port = (int) listen.field("port").longIn(0, 65535, PeerConfig.BGP_PORT);
    return address == null ? new InetSocketAddress(port) : new InetSocketAddress(address, port);
  }

  private static List<PeerConfig> peers(ConfigNode peers, SpeakerConfig speaker) {
    List<PeerConfig> result = new ArrayList<>();
    Set<InetAddress> seen = new HashSet<>();
    for (ConfigNode peer : peers.list()) {
      peer.mapping(PEER);
      InetAddress address = peerAddress(peer.field("address"), speaker);
      if (!seen.add(address)) {
        throw peer.field("address")
            .error("peer " + InetAddresses.toAddrString(address) + " is listed twice");
      }
      ConfigNode password = peer.field("password");
      String key = password.present() ? password.text() : null;
      if (key != null
          && (key.isEmpty()
              || key.getBytes(StandardCharsets.UTF_8).length > PeerConfig.MAX_PASSWORD_BYTES)) {
        throw password.error("must be 1..80 bytes");
      }
      result.add(
          sessionOptions(peer, PeerConfig.builder(address, as(peer.field("as"))))
              .password(key)
              .passive(peer.field("passive").bool(false))
              .connectRetryTime(
                  Duration.ofSeconds(
                      peer.field("connectRetryTime")
                          .longIn(1, 65535, PeerConfig.DEFAULT_CONNECT_RETRY_TIME.toSeconds())))
              .localAddress(peer.field("localAddress").address(null))
              .port((int) peer.field("port").longIn(1, 65535, PeerConfig.BGP_PORT))
              .routeReflectorClient(peer.field("routeReflectorClient").bool(false))
              .maxRestartTime(
                  Duration.ofSeconds(
                      peer.field("maxRestartTime")
                          .longIn(0, 65535, PeerConfig.DEFAULT_MAX_RESTART_TIME.toSeconds())))
              .longLivedStaleTime(
                  Duration.ofSeconds(
                      peer.field("longLivedStaleTime")
                          .longIn(0, LongLivedGracefulRestart.MAX_STALE_TIME, 0)))
              .build());
    }
    return result;
  }

  /** What a configured peer and a range's dynamic neighbours have in common. */
  private static PeerConfig.Builder sessionOptions(ConfigNode peer, PeerConfig.Builder builder) {
    ConfigNode hold = peer.field("holdTime");
    long holdSeconds = hold.longIn(0, 65535, PeerConfig.DEFAULT_HOLD_TIME.toSeconds());
    if (holdSeconds == 1 || holdSeconds == 2) {
      throw hold.error("must be 0 or 3..65535 seconds, got " + holdSeconds);
    }
    Duration holdTime = Duration.ofSeconds(holdSeconds);
    ConfigNode keepalive = peer.field("keepaliveTime");
    Duration keepaliveTime = null; // a third of the hold time
    if (keepalive.present()) {
      keepaliveTime = Duration.ofSeconds(keepalive.longIn(0, 65535, 0));
      try {
        PeerConfig.checkKeepalive(keepaliveTime, holdTime);
      } catch (IllegalArgumentException e) {
        throw keepalive.error(e.getMessage());
      }
    }
    builder
        .holdTime(holdTime)
        .keepaliveTime(keepaliveTime)
        .openTimeout(
            Duration.ofSeconds(
                peer.field("openTimeout")
                    .longIn(1, 65535, PeerConfig.DEFAULT_OPEN_TIMEOUT.toSeconds())))
        .nextHopSelf(peer.field("nextHopSelf").bool(false))
        .enforceFirstAs(peer.field("enforceFirstAs").bool(true))
        .routeReflectorClient(peer.field("routeReflectorClient").bool(false))
        .extendedNextHop(peer.field("extendedNextHop").bool(false));
    prefixLimits(peer.field("prefixLimit"), builder);
    builder.extendedMessages(peer.field("extendedMessages").bool(true));
    builder.addPaths(addPaths(peer.field("addPaths")));
    ConfigNode select = peer.field("addPathsSelect");
    builder.addPathsSelect(
        switch (select.text("multipath")) {
          case "multipath" -> AddPathSelection.MULTIPATH;
          case "all" -> AddPathSelection.ALL;
          default -> throw select.error("must be all or multipath, got \"" + select.text() + "\"");
        });
    return builder;
  }

  /**
   * {@code addPaths: both} for every family, or per family {@code addPaths: {ipv4: both, ipv6:
   * receive}}; absent: none. See the README.
   */
  private static AddPath addPaths(ConfigNode node) {
    if (!node.present()) {
      return AddPath.NONE;
    }
    if (!node.isMapping()) {
      return AddPath.of(EnumSet.allOf(AddressFamily.class), addPathDirection(node));
    }
    node.mapping(ADD_PATHS_FAMILIES);
    Map<AddressFamily, AddPath.Direction> families = new EnumMap<>(AddressFamily.class);
    for (AddressFamily family : AddressFamily.values()) {
      ConfigNode direction = node.field(family == AddressFamily.IPV4_UNICAST ? "ipv4" : "ipv6");
      if (direction.present()) {
        families.put(family, addPathDirection(direction));
      }
    }
    return new AddPath(families);
  }

  private static AddPath.Direction addPathDirection(ConfigNode node) {
    return switch (node.text()) {
      case "receive" -> AddPath.Direction.RECEIVE;
      case "send" -> AddPath.Direction.SEND;
      case "both" -> AddPath.Direction.BOTH;
      default ->
          throw node.error(
              "must be receive, send or both (or a mapping of ipv4/ipv6 to one of them), got \""
                  + node.text()
                  + "\"");
    };
  }

  /**
   * Dynamic neighbours: {@code prefix}, {@code as} (a number, or {@code "65000-65100"}) and the
   * session options of a peer.
   */
  private static List<PeerRange> peerRanges(ConfigNode ranges) {
    List<PeerRange> result = new ArrayList<>();
    Set<IpPrefix> seen = new HashSet<>();
    for (ConfigNode range : ranges.list()) {
      range.mapping(PEER_RANGE);
      ConfigNode prefixNode = range.field("prefix");
      IpPrefix prefix;
      try {
        prefix = IpPrefix.parse(prefixNode.text());
      } catch (IllegalArgumentException e) {
        throw prefixNode.error(e.getMessage());
      }
      if (!seen.add(prefix)) {
        throw prefixNode.error("peer range " + prefix + " is listed twice");
      }
      if (range.field("password").present()) {
        throw range
            .field("password")
            .error(
                "TCP MD5 is not supported on a peer range (the kernel's keys are set per address"
                    + " here); list the peers that need a password under peers");
      }
      long[] as = asRange(range.field("as"));
      PeerConfig options =
          sessionOptions(range, PeerConfig.builder(prefix.address().toInetAddress(), as[0]))
              .build();
      result.add(new PeerRange(prefix, as[0], as[1], options));
    }
    return result;
  }

  /** {@code 65000} or {@code "65000-65100"}: the lowest and highest AS. */
  private static long[] asRange(ConfigNode node) {
    if (!node.present() || !node.text().contains("-")) {
      long as = as(node);
      return new long[] {as, as};
    }
    String[] bounds = node.text().split("-", -1);
    long[] result = new long[2];
    for (int i = 0; i < 2; i++) {
      try {
        result[i] = Long.parseLong(bounds[i].strip());
      } catch (NumberFormatException e) {
        throw node.error("must be an AS or a range of them like 65000-65100, got " + node.text());
      }
      if (result[i] < 1 || result[i] > MAX_AS) {
        throw node.error("each AS must be 1..4294967295, got " + result[i]);
      }
    }
    if (bounds.length != 2 || result[0] > result[1]) {
      throw node.error("must be an AS or a range of them like 65000-65100, got " + node.text());
    }
    return result;
  }

  /** {@code prefixLimit: {ipv4: {maximum: 1000, ...}, ipv6: {...}}}: see the README. */
  private static void prefixLimits(ConfigNode node, PeerConfig.Builder builder) {
    if (!node.present()) {
      return;
    }
    node.mapping(PREFIX_LIMIT_FAMILIES);
    prefixLimit(node.field("ipv4"), AddressFamily.IPV4_UNICAST, builder);
    prefixLimit(node.field("ipv6"), AddressFamily.IPV6_UNICAST, builder);
  }

  private static void prefixLimit(
      ConfigNode node, AddressFamily family, PeerConfig.Builder builder) {
    if (!node.present()) {
      return;
    }
    node.mapping(PREFIX_LIMIT);
    ConfigNode action = node.field("action");
    PrefixLimit.Action chosen =
        switch (action.text("teardown")) {
          case "teardown" -> PrefixLimit.Action.TEARDOWN;
          case "warn" -> PrefixLimit.Action.WARN;
          default -> throw action.error("must be teardown or warn, got " + action.text());
        };
    builder.prefixLimit(
        family,
        new PrefixLimit(
            node.field("maximum").longIn(0, PrefixLimit.MAX_MAXIMUM),
            (int) node.field("warningPercent").longIn(1, 100, PrefixLimit.DEFAULT_WARNING_PERCENT),
            chosen,
            Duration.ofSeconds(
                node.field("restartInterval")
                    .longIn(1, 86_400, PrefixLimit.DEFAULT_RESTART_INTERVAL.toSeconds()))));
  }

  private static List<DaemonConfig.OriginatedPrefix> prefixes(ConfigNode root) {
    List<DaemonConfig.OriginatedPrefix> result = new ArrayList<>();
    for (ConfigNode entry : root.field("prefixes").list()) {
      entry.mapping(PREFIX);
      ConfigNode prefixNode = entry.field("prefix");
      IpPrefix prefix;
      try {
        prefix = IpPrefix.parse(prefixNode.text());
      } catch (IllegalArgumentException e) {
        throw prefixNode.error(e.getMessage());
      }
      List<Integer> communities = new ArrayList<>();
      for (ConfigNode community : entry.field("communities").list()) {
        try {
          communities.add(Communities.parse(community.text()));
        } catch (IllegalArgumentException e) {
          throw community.error(e.getMessage());
        }
      }
      result.add(new DaemonConfig.OriginatedPrefix(prefix, communities));
    }
    return result;
  }
}
