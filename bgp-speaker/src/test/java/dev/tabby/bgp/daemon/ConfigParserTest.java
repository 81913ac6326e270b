package dev.tabby.bgp.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.tabby.bgp.GracefulRestartConfig;
import dev.tabby.bgp.PeerConfig;
import dev.tabby.bgp.PeerRange;
import dev.tabby.bgp.rib.AddPathSelection;
import dev.tabby.bgp.rib.PrefixLimit;
import dev.tabby.bgp.wire.AddPath;
import dev.tabby.bgp.wire.AddressFamily;
import dev.tabby.bgp.wire.Communities;
import dev.tabby.net.IpPrefix;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class ConfigParserTest {

  private static final String FULL =
      """
      routerId: 10.0.0.1
      localAs: 4200000000
      clusterId: 10.0.0.1
      listen: {address: 10.0.0.1, port: 1179}
      http: {address: 127.0.0.1, port: 9179}
      peers:
        - address: 10.0.0.2
          as: 65001
          password: s3cret
          holdTime: 9
          keepaliveTime: 2
          connectRetryTime: 1
          openTimeout: 3
          enforceFirstAs: false
          localAddress: 10.0.0.1
          port: 2179
        - address: fd00::2
          as: 4200000000
          passive: true
          nextHopSelf: true
          routeReflectorClient: true
      prefixes:
        - prefix: 10.1.0.0/24
          communities: ["65000:7", "no-export"]
        - prefix: fd00:1::/64
      """;

  private static final String PREFIXES =
      """
      prefixes:
        - prefix: 10.1.0.0/24
        - prefix: 10.1.1.0/24
      """;

  @Test
  void readsEveryField() {
    DaemonConfig config = ConfigParser.parse(FULL);

    assertThat(config.speaker().routerId().getHostAddress()).isEqualTo("10.0.0.1");
    assertThat(config.speaker().localAs()).isEqualTo(4_200_000_000L);
    assertThat(config.speaker().clusterId().getHostAddress()).isEqualTo("10.0.0.1");
    assertThat(config.speaker().listen().getPort()).isEqualTo(1179);
    assertThat(config.http().getPort()).isEqualTo(9179);

    PeerConfig first = config.peers().get(0);
    assertThat(first.address().getHostAddress()).isEqualTo("10.0.0.2");
    assertThat(first.remoteAs()).isEqualTo(65001);
    assertThat(first.password()).isEqualTo("s3cret");
    assertThat(first.holdTime()).isEqualTo(Duration.ofSeconds(9));
    assertThat(first.keepaliveTime()).isEqualTo(Duration.ofSeconds(2));
    assertThat(first.connectRetryTime()).isEqualTo(Duration.ofSeconds(1));
    assertThat(first.openTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(first.enforceFirstAs()).isFalse();
    assertThat(first.port()).isEqualTo(2179);
    assertThat(first.passive()).isFalse();

    PeerConfig second = config.peers().get(1);
    assertThat(second.passive()).isTrue();
    assertThat(second.nextHopSelf()).isTrue();
    assertThat(second.routeReflectorClient()).isTrue();
    assertThat(second.holdTime()).isEqualTo(PeerConfig.DEFAULT_HOLD_TIME);
    assertThat(second.keepaliveTime()).isEqualTo(Duration.ofSeconds(30));
    assertThat(second.port()).isEqualTo(179);
    assertThat(second.openTimeout()).isEqualTo(PeerConfig.DEFAULT_OPEN_TIMEOUT);
    assertThat(second.enforceFirstAs()).isTrue();

    assertThat(config.prefixes().get(0).prefix()).isEqualTo(IpPrefix.parse("10.1.0.0/24"));
    assertThat(config.prefixes().get(0).communities())
        .containsExactly(Communities.parse("65000:7"), Communities.NO_EXPORT);
    assertThat(config.prefixes().get(1).communities()).isEmpty();
  }

  @Test
  void defaultsListenOnPort179AndHttpOnLoopback() {
    DaemonConfig config = ConfigParser.parse("routerId: 1.1.1.1\nlocalAs: 1\n");

    assertThat(config.speaker().listen().getPort()).isEqualTo(179);
    assertThat(config.http().getAddress().isLoopbackAddress()).isTrue();
    assertThat(config.http().getPort()).isEqualTo(ConfigParser.DEFAULT_HTTP_PORT);
    assertThat(config.peers()).isEmpty();
    assertThat(config.warmup()).isTrue();
  }

  @Test
  void readsTheWarmupFlag() {
    assertThat(ConfigParser.parse("routerId: 1.1.1.1\nlocalAs: 1\nwarmup: false\n").warmup())
        .isFalse();
    assertThat(ConfigParser.parse("routerId: 1.1.1.1\nlocalAs: 1\nwarmup: true\n").warmup())
        .isTrue();
    assertError(
        "routerId: 1.1.1.1\nlocalAs: 1\nwarmup: sometimes\n",
        "config warmup: must be true or false");
  }

  @Test
  void readsTheRouteBudget() {
    assertThat(ConfigParser.parse("routerId: 1.1.1.1\nlocalAs: 1\n").maxRoutes()).isZero();
    assertThat(
            ConfigParser.parse("routerId: 1.1.1.1\nlocalAs: 1\nmaxRoutes: 2000000\n").maxRoutes())
        .isEqualTo(2_000_000);
    assertError(
        "routerId: 1.1.1.1\nlocalAs: 1\nmaxRoutes: 0\n",
        "config maxRoutes: must be 1..9223372036854775807, got 0");
  }

  @Test
  void readsGracefulRestart() {
    DaemonConfig defaults =
        ConfigParser.parse("routerId: 1.1.1.1\nlocalAs: 1\npeers: [{address: 10.0.0.2, as: 2}]\n");
    assertThat(defaults.speaker().gracefulRestart()).isEqualTo(GracefulRestartConfig.AWARE);
    assertThat(defaults.peers().get(0).maxRestartTime()).isEqualTo(Duration.ofSeconds(120));

    DaemonConfig config =
        ConfigParser.parse(
            "routerId: 1.1.1.1\nlocalAs: 1\n"
                + "gracefulRestart: {restartTime: 30, restartable: true, forwardingPreserved: true}\n"
                + "peers: [{address: 10.0.0.2, as: 2, maxRestartTime: 0}]\n");
    assertThat(config.speaker().gracefulRestart())
        .isEqualTo(new GracefulRestartConfig(Duration.ofSeconds(30), true, false, true));
    assertThat(config.peers().get(0).maxRestartTime()).isZero();
    assertError(
        "routerId: 1.1.1.1\nlocalAs: 1\ngracefulRestart: {restartTime: 5000}\n",
        "config gracefulRestart.restartTime: must be 0..4095, got 5000");
  }

  @Test
  void longLivedStaleTimeIsOffByDefaultAndTakenInSeconds() {
    DaemonConfig config =
        ConfigParser.parse(
            "routerId: 1.1.1.1\nlocalAs: 1\npeers: [{address: 10.0.0.2, as: 2},"
                + " {address: 10.0.0.3, as: 3, longLivedStaleTime: 86400}]\n");
    assertThat(config.peers().get(0).longLivedStaleTime()).isZero();
    assertThat(config.peers().get(1).longLivedStaleTime()).isEqualTo(Duration.ofDays(1));
    assertError(
        "routerId: 1.1.1.1\nlocalAs: 1\n"
            + "peers: [{address: 10.0.0.2, as: 2, longLivedStaleTime: 16777216}]\n",
        "config peers[0].longLivedStaleTime: must be 0..16777215, got 16777216");
  }

  @Test
  void readsPrefixLimitsPerFamilyWithDefaults() {
    PeerConfig peer =
        ConfigParser.parse(
                """
                routerId: 1.1.1.1
                localAs: 1
                peers:
                  - address: 10.0.0.2
                    as: 2
                    prefixLimit:
                      ipv4: {maximum: 1000, warningPercent: 90, action: warn, restartInterval: 60}
                      ipv6: {maximum: 50}
                """)
            .peers()
            .get(0);

    assertThat(peer.prefixLimits())
        .containsOnly(
            Map.entry(
                AddressFamily.IPV4_UNICAST,
                new PrefixLimit(1000, 90, PrefixLimit.Action.WARN, Duration.ofSeconds(60))),
            Map.entry(AddressFamily.IPV6_UNICAST, PrefixLimit.teardown(50)));
    assertError(
        "routerId: 1.1.1.1\nlocalAs: 1\npeers: [{address: 10.0.0.2, as: 2,"
            + " prefixLimit: {ipv4: {maximum: 5, action: drop}}}]\n",
        "config peers[0].prefixLimit.ipv4.action: must be teardown or warn, got drop");
    assertError(
        "routerId: 1.1.1.1\nlocalAs: 1\npeers: [{address: 10.0.0.2, as: 2,"
            + " prefixLimit: {ipv4: {warningPercent: 5}}}]\n",
        "config peers[0].prefixLimit.ipv4.maximum: is required");
    assertError(
        "routerId: 1.1.1.1\nlocalAs: 1\npeers: [{address: 10.0.0.2, as: 2,"
            + " prefixLimit: {ipv4-unicast: {maximum: 5}}}]\n",
        "config peers[0].prefixLimit.ipv4-unicast: unknown field");
  }

  @Test
  void readsAddPathsForEveryFamilyOrPerFamily() {
    String start = "routerId: 1.1.1.1\nlocalAs: 1\npeers:\n";
    PeerConfig plain =
        ConfigParser.parse(start + "  - {address: 10.0.0.2, as: 2}\n").peers().get(0);
    assertThat(plain.addPaths()).isEqualTo(AddPath.NONE);
    assertThat(plain.addPathsSelect()).isEqualTo(AddPathSelection.MULTIPATH);

    PeerConfig both =
        ConfigParser.parse(
                start + "  - {address: 10.0.0.2, as: 2, addPaths: both, addPathsSelect: all}\n")
            .peers()
            .get(0);
    assertThat(both.addPaths().families())
        .containsOnly(
            Map.entry(AddressFamily.IPV4_UNICAST, AddPath.Direction.BOTH),
            Map.entry(AddressFamily.IPV6_UNICAST, AddPath.Direction.BOTH));
    assertThat(both.addPathsSelect()).isEqualTo(AddPathSelection.ALL);

    PeerConfig perFamily =
        ConfigParser.parse(start + "  - {address: 10.0.0.2, as: 2, addPaths: {ipv6: receive}}\n")
            .peers()
            .get(0);
    assertThat(perFamily.addPaths().families())
        .containsOnly(Map.entry(AddressFamily.IPV6_UNICAST, AddPath.Direction.RECEIVE));

    assertError(
        start + "  - {address: 10.0.0.2, as: 2, addPaths: rx}\n",
        "config peers[0].addPaths: must be receive, send or both (or a mapping of ipv4/ipv6 to one"
            + " of them), got \"rx\"");
    assertError(
        start + "  - {address: 10.0.0.2, as: 2, addPaths: {ipv4: tx}}\n",
        "config peers[0].addPaths.ipv4: must be receive, send or both");
    assertError(
        start + "  - {address: 10.0.0.2, as: 2, addPaths: {vpnv4: send}}\n",
        "config peers[0].addPaths.vpnv4: unknown field");
    assertError(
        start + "  - {address: 10.0.0.2, as: 2, addPaths: send, addPathsSelect: best}\n",
        "config peers[0].addPathsSelect: must be all or multipath, got \"best\"");
    assertError(
        "routerId: 1.1.1.1\nlocalAs: 1\npeerRanges:\n"
            + "  - {prefix: 10.0.0.0/24, as: 2, addPaths: sideways}\n",
        "config peerRanges[0].addPaths: must be receive, send or both");
  }

  @Test
  void extendedNextHopIsOffUnlessAPeerOrRangeAsksForIt() {
    DaemonConfig config =
        ConfigParser.parse(
            """
            routerId: 1.1.1.1
            localAs: 1
            peers:
              - {address: fd00:12::1, as: 2, extendedNextHop: true}
              - {address: fd00:12::3, as: 3}
            peerRanges:
              - {prefix: "fd00:13::/64", as: 4, extendedNextHop: true}
            """);

    assertThat(config.peers().get(0).extendedNextHop()).isTrue();
    assertThat(config.peers().get(1).extendedNextHop()).isFalse();
    assertThat(config.peerRanges().get(0).options().extendedNextHop()).isTrue();
    assertError(
        "routerId: 1.1.1.1\nlocalAs: 1\npeers: [{address: 10.0.0.2, as: 2,"
            + " extendedNextHop: yes-please}]\n",
        "config peers[0].extendedNextHop:");
  }

  @Test
  void namesTheFieldOfABadAs() {
    String yaml =
        "routerId: 1.1.1.1\nlocalAs: 1\npeers:\n"
            + "  - {address: 10.0.0.2, as: 2}\n"
            + "  - {address: 10.0.0.3, as: -5}\n";
    assertThatThrownBy(() -> ConfigParser.parse(yaml))
        .isInstanceOf(ConfigException.class)
        .hasMessage("config peers[1].as: must be 1..4294967295, got -5");
  }

  @Test
  void rejectsWhatARouterWouldRefuse() {
    assertError("routerId: fd00::1\nlocalAs: 1\n", "config routerId: must be an IPv4 address");
    assertError("localAs: 1\n", "config routerId: is required");
    assertError("routerId: 1.1.1.1\nlocalAs: 70000000000\n", "config localAs: must be 1..");
    assertError(
        "routerId: 1.1.1.1\nlocalAs: 1\npeers: [{address: 10.0.0.2, as: 2, holdTime: 2}]\n",
        "config peers[0].holdTime: must be 0 or 3..65535 seconds, got 2");
    assertError(
        "routerId: 1.1.1.1\nlocalAs: 1\npeers: [{address: 10.0.0.2, as: 2, holdTime: 9, keepaliveTime: 4}]\n",
        "config peers[0].keepaliveTime: keepalive time 4s is more than a third of the hold time 9s");
    assertError(
        "routerId: 1.1.1.1\nlocalAs: 1\npeers: [{address: 10.0.0.2, as: 2, keepaliveTime: 0}]\n",
        "config peers[0].keepaliveTime: keepalive time may be 0 exactly when the hold time is 0");
    assertError(
        "routerId: 1.1.1.1\nlocalAs: 1\npeers: [{address: 10.0.0.x, as: 2}]\n",
        "config peers[0].address: must be an IPv4 or IPv6 address, got \"10.0.0.x\"");
    assertError(
        "routerId: 1.1.1.1\nlocalAs: 1\npeers: [{address: 10.0.0.2, as: 2, pasive: true}]\n",
        "config peers[0].pasive: unknown field");
    assertError(
        "routerId: 1.1.1.1\nlocalAs: 1\npeers: [{address: 10.0.0.2, as: 2, passive: yes!}]\n",
        "config peers[0].passive: must be true or false");
    assertError(
        "routerId: 1.1.1.1\nlocalAs: 1\nprefixes: [{prefix: 10.0.0.0/33}]\n",
        "config prefixes[0].prefix: ");
    assertError(
        "routerId: 1.1.1.1\nlocalAs: 1\nprefixes: [{prefix: 10.0.0.0/8, communities: [x]}]\n",
        "config prefixes[0].communities[0]: ");
    assertError(
        "routerId: 1.1.1.1\nlocalAs: 1\npeers: [{address: 10.0.0.2, as: 2}, {address: 10.0.0.2, as: 3}]\n",
        "config peers[1].address: peer 10.0.0.2 is listed twice");
    assertError("routerId: [1\n", "config file: not valid YAML");
  }

  @Test
  void rejectsAddressesAndAsNumbersThatCannotBeMeant() {
    assertError("routerId: 0.0.0.0\nlocalAs: 1\n", "config routerId: must be a unicast IPv4");
    assertError("routerId: 224.0.0.5\nlocalAs: 1\n", "config routerId: must be a unicast IPv4");
    assertError(
        "routerId: 1.1.1.1\nlocalAs: 23456\n", "config localAs: must not be 23456 (AS_TRANS");
    assertError(
        "routerId: 1.1.1.1\nlocalAs: 1\npeers: [{address: 10.0.0.2, as: 23456}]\n",
        "config peers[0].as: must not be 23456");
    assertError(
        "routerId: 1.1.1.1\nlocalAs: 1\npeers: [{address: 239.1.1.1, as: 2}]\n",
        "config peers[0].address: must be a unicast address, got 239.1.1.1");
    assertError(
        "routerId: 1.1.1.1\nlocalAs: 1\npeers: [{address: ff02::5, as: 2}]\n",
        "config peers[0].address: must be a unicast address");
    assertError(
        "routerId: 1.1.1.1\nlocalAs: 1\npeers: [{address: 1.1.1.1, as: 2}]\n",
        "config peers[0].address: 1.1.1.1 is this speaker's own address");
    assertError(
        "routerId: 1.1.1.1\nlocalAs: 1\nlisten: {address: 10.0.0.1}\n"
            + "peers: [{address: 10.0.0.1, as: 2}]\n",
        "config peers[0].address: 10.0.0.1 is this speaker's own address");
  }

  @Test
  void aStateEndpointBeyondLoopbackIsWarnedAbout() {
    Logger parserLog = (Logger) LoggerFactory.getLogger(ConfigParser.class);
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    parserLog.addAppender(logged);
    try {
      ConfigParser.parse("routerId: 1.1.1.1\nlocalAs: 1\nhttp: {address: 127.0.0.1}\n");
      assertThat(logged.list).isEmpty();

      ConfigParser.parse("routerId: 1.1.1.1\nlocalAs: 1\nhttp: {address: 0.0.0.0}\n");
      assertThat(logged.list)
          .extracting(ILoggingEvent::getFormattedMessage)
          .singleElement()
          .asString()
          .contains("field=http.address", "no authentication", "0.0.0.0");
    } finally {
      parserLog.detachAppender(logged);
    }
  }

  @Test
  void anUnreadableFileSaysWhy() throws IOException {
    assertThat(ConfigParser.readFailure(new NoSuchFileException("/etc/bgp.yaml")))
        .isEqualTo("no such file");
    assertThat(ConfigParser.readFailure(new AccessDeniedException("/etc/bgp.yaml")))
        .isEqualTo("permission denied");
    Path directory = Files.createTempDirectory("tabby-config");
    try {
      assertThatThrownBy(() -> ConfigParser.load(directory))
          .isInstanceOf(ConfigException.class)
          .hasMessage("config " + directory + ": cannot read: Is a directory");
    } finally {
      Files.delete(directory);
    }
  }

  @Test
  void readsAConfigLongerThanTheYamlReadersDefaultLimit() {
    // 3.2 M code points of comment: over the reader's default 3 Mi (3,145,728), which a config of
    // about 100,000 prefixes reaches, without the time a test of that many prefixes would take.
    String yaml =
        "# " + "x".repeat(3_200_000) + "\nrouterId: 10.0.0.1\nlocalAs: 65000\n" + PREFIXES;

    DaemonConfig config = ConfigParser.parse(yaml);

    assertThat(config.prefixes()).hasSize(2);
    assertThat(ConfigParser.MAX_CODE_POINTS)
        .isGreaterThan(1_000_000 * "  - prefix: 10.0.0.0/28\n".length());
  }

  @Test
  void readsPeerRangesWithOneAsOrARangeOfThem() {
    DaemonConfig config =
        ConfigParser.parse(
            """
            routerId: 10.0.0.1
            localAs: 65000
            peerRanges:
              - prefix: 10.0.0.0/24
                as: 65000
                routeReflectorClient: true
                holdTime: 9
              - prefix: fd00::/64
                as: "65010-65020"
            """);

    PeerRange clients = config.peerRanges().get(0);
    assertThat(clients.prefix()).isEqualTo(IpPrefix.parse("10.0.0.0/24"));
    assertThat(clients.minAs()).isEqualTo(65000);
    assertThat(clients.maxAs()).isEqualTo(65000);
    assertThat(clients.options().routeReflectorClient()).isTrue();
    assertThat(clients.options().holdTime()).isEqualTo(Duration.ofSeconds(9));
    PeerRange external = config.peerRanges().get(1);
    assertThat(external.minAs()).isEqualTo(65010);
    assertThat(external.maxAs()).isEqualTo(65020);
    assertThat(external.options().routeReflectorClient()).isFalse();
  }

  @Test
  void refusesAPeerRangeWithAPasswordOrABadAsRange() {
    String start = "routerId: 1.1.1.1\nlocalAs: 1\npeerRanges:\n";
    assertError(
        start + "  - {prefix: 10.0.0.0/24, as: 1, password: s3cret}\n",
        "config peerRanges[0].password: TCP MD5 is not supported on a peer range");
    assertError(
        start + "  - {prefix: 10.0.0.0/24, as: \"20-10\"}\n",
        "config peerRanges[0].as: must be an AS or a range of them like 65000-65100, got 20-10");
    assertError(
        start + "  - {prefix: 10.0.0.0/24, as: \"1-5000000000\"}\n",
        "config peerRanges[0].as: each AS must be 1..4294967295, got 5000000000");
    assertError(
        start + "  - {prefix: 10.0.0.0/24, as: 1}\n  - {prefix: 10.0.0.0/24, as: 2}\n",
        "config peerRanges[1].prefix: peer range 10.0.0.0/24 is listed twice");
    assertError(start + "  - {prefix: 10.0.0.0/24}\n", "config peerRanges[0].as: is required");
  }

  private static void assertError(String yaml, String expectedStart) {
    assertThatThrownBy(() -> ConfigParser.parse(yaml))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(expectedStart);
  }
}
