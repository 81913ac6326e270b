package dev.tabby.bgp.daemon;

import com.google.common.net.InetAddresses;
import dev.tabby.bgp.PeerConfig;
import dev.tabby.bgp.SpeakerConfig;
import dev.tabby.bgp.wire.Communities;
import dev.tabby.bgp.wire.Prefix;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
          "prefixes",
          "warmup",
          "maxRoutes");
  private static final Set<String> ENDPOINT = Set.of("address", "port");
  private static final Set<String> PEER =
      Set.of(
          "address",
          "as",
          "password",
          "passive",
          "holdTime",
          "connectRetryTime",
          "nextHopSelf",
          "localAddress",
          "port",
          "routeReflectorClient");
  private static final Set<String> PREFIX = Set.of("prefix", "communities");

  private ConfigParser() {}

  public static DaemonConfig load(Path file) {
    String yaml;
    try {
      yaml = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigException(file.toString(), "cannot read: " + e.getMessage());
    }
    return parse(yaml);
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
            root.field("routerId").ipv4(),
            root.field("localAs").longIn(1, MAX_AS),
            listen(root.field("listen")),
            root.field("clusterId").present() ? root.field("clusterId").ipv4() : null);
    ConfigNode http = root.field("http");
    if (http.present()) {
      http.mapping(ENDPOINT);
    }
    InetSocketAddress httpAddress =
        new InetSocketAddress(
            http.field("address").address(InetAddress.getLoopbackAddress()),
            (int) http.field("port").longIn(0, 65535, DEFAULT_HTTP_PORT));
    return new DaemonConfig(
        speaker,
        httpAddress,
        peers(root.field("peers")),
        prefixes(root),
        root.field("warmup").bool(true),
        root.field("maxRoutes").longIn(1, Long.MAX_VALUE, 0));
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

  private static List<PeerConfig> peers(ConfigNode peers) {
    List<PeerConfig> result = new ArrayList<>();
    Set<InetAddress> seen = new HashSet<>();
    for (ConfigNode peer : peers.list()) {
      peer.mapping(PEER);
      InetAddress address = peer.field("address").address();
      if (!seen.add(address)) {
        throw peer.field("address")
            .error("peer " + InetAddresses.toAddrString(address) + " is listed twice");
      }
      ConfigNode hold = peer.field("holdTime");
      long holdSeconds = hold.longIn(0, 65535, PeerConfig.DEFAULT_HOLD_TIME.toSeconds());
      if (holdSeconds == 1 || holdSeconds == 2) {
        throw hold.error("must be 0 or 3..65535 seconds, got " + holdSeconds);
      }
      ConfigNode password = peer.field("password");
      String key = password.present() ? password.text() : null;
      if (key != null
          && (key.isEmpty()
              || key.getBytes(StandardCharsets.UTF_8).length > PeerConfig.MAX_PASSWORD_BYTES)) {
        throw password.error("must be 1..80 bytes");
      }
      result.add(
          PeerConfig.builder(address, peer.field("as").longIn(1, MAX_AS))
              .password(key)
              .passive(peer.field("passive").bool(false))
              .holdTime(Duration.ofSeconds(holdSeconds))
              .connectRetryTime(
                  Duration.ofSeconds(
                      peer.field("connectRetryTime")
                          .longIn(1, 65535, PeerConfig.DEFAULT_CONNECT_RETRY_TIME.toSeconds())))
              .nextHopSelf(peer.field("nextHopSelf").bool(false))
              .localAddress(peer.field("localAddress").address(null))
              .port((int) peer.field("port").longIn(1, 65535, PeerConfig.BGP_PORT))
              .routeReflectorClient(peer.field("routeReflectorClient").bool(false))
              .build());
    }
    return result;
  }

  private static List<DaemonConfig.OriginatedPrefix> prefixes(ConfigNode root) {
    List<DaemonConfig.OriginatedPrefix> result = new ArrayList<>();
    for (ConfigNode entry : root.field("prefixes").list()) {
      entry.mapping(PREFIX);
      ConfigNode prefixNode = entry.field("prefix");
      Prefix prefix;
      try {
        prefix = Prefix.parse(prefixNode.text());
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
