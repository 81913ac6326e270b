package dev.tabby.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.net.InetAddresses;
import dev.tabby.bgp.BgpSpeaker;
import dev.tabby.bgp.PeerConfig;
import dev.tabby.bgp.SpeakerConfig;
import dev.tabby.bgp.rib.PrefixLimit;
import dev.tabby.bgp.session.SessionState;
import dev.tabby.bgp.wire.AddressFamily;
import dev.tabby.net.IpPrefix;
import dev.tabby.testbench.Wait;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The per-peer metrics, scraped, while a peer on loopback sends more prefixes than its limit: two
 * embedded speakers, the scraped one with a prefix limit on the other. Each kind of prefix-limit
 * event is shown at zero from the moment the limit is configured.
 */
class PeerMetricsTest {

  private static final Duration DEADLINE = Duration.ofSeconds(20);
  private static final Inet4Address NODE = (Inet4Address) InetAddresses.forString("127.0.0.1");
  private static final Inet4Address TOR = (Inet4Address) InetAddresses.forString("127.0.0.2");
  private static final String PEER = "peer=\"127.0.0.2\"";
  private static final String IPV4 = "family=\"ipv4-unicast\"";

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private BgpSpeaker node;
  private BgpSpeaker tor;

  @AfterEach
  void stop() {
    if (node != null) {
      node.close();
    }
    if (tor != null) {
      tor.close();
    }
  }

  @Test
  void showsPrefixesAgainstTheLimitItsWarningAndItsTeardown() {
    node = speaker(NODE, 65001);
    tor = speaker(TOR, 65002);
    SessionMetrics.register(registry, node);
    node.addPeer(
        peerOf(tor, NODE)
            .prefixLimit(
                AddressFamily.IPV4_UNICAST,
                new PrefixLimit(4, 50, PrefixLimit.Action.TEARDOWN, Duration.ofSeconds(60)))
            .build());
    for (String kind : List.of("warning", "exceeded", "teardown")) {
      assertThat(value("tabby_bgp_prefix_limit_events_total", PEER, IPV4, "event=\"" + kind + "\""))
          .as("%s events counted before the session is up", kind)
          .hasValue(0);
    }
    tor.addPeer(peerOf(node, TOR).build());
    for (int i = 0; i < 3; i++) {
      tor.originate(IpPrefix.parse("10.1." + i + ".0/24"));
    }

    Wait.until(
        "3 IPv4 prefixes accepted from the ToR",
        DEADLINE,
        () -> value("tabby_bgp_peer_prefixes_accepted", PEER, IPV4).orElse(0) == 3);
    assertThat(value("tabby_bgp_peer_prefix_limit", PEER, IPV4)).hasValue(4);
    assertThat(value("tabby_bgp_peer_prefixes_received", PEER)).hasValue(3);
    assertThat(value("tabby_bgp_prefix_limit_events_total", PEER, IPV4, "event=\"warning\""))
        .as("the warning threshold (2 of 4) was passed once")
        .hasValue(1);
    assertThat(value("tabby_bgp_peer_prefix_limit_down_remaining_seconds", PEER)).isEmpty();

    tor.originate(IpPrefix.parse("10.1.3.0/24"));
    tor.originate(IpPrefix.parse("10.1.4.0/24"));

    Wait.until(
        "a teardown counted",
        DEADLINE,
        () ->
            value("tabby_bgp_prefix_limit_events_total", PEER, IPV4, "event=\"teardown\"").orElse(0)
                == 1);
    Wait.until(
        "the session down for its restart interval",
        DEADLINE,
        () -> node.peers().get(0).state() != SessionState.ESTABLISHED);
    assertThat(value("tabby_bgp_peer_prefix_limit_down_remaining_seconds", PEER).orElseThrow())
        .isBetween(1.0, 60.0);
    assertThat(value("tabby_bgp_peer_prefixes_accepted", PEER, IPV4))
        .as("no accepted prefixes while the session is down")
        .isEmpty();
    assertThat(value("tabby_bgp_peer_prefix_limit", PEER, IPV4)).hasValue(4);
    assertThat(value("tabby_bgp_prefix_limit_events_total", PEER, IPV4, "event=\"exceeded\""))
        .as("a teardown limit is never merely exceeded")
        .hasValue(0);
  }

  private static BgpSpeaker speaker(Inet4Address address, long as) {
    return BgpSpeaker.start(
        new SpeakerConfig(address, as, new InetSocketAddress(address, 0), null));
  }

  private static PeerConfig.Builder peerOf(BgpSpeaker other, Inet4Address local) {
    InetSocketAddress listen = other.listenAddress();
    return PeerConfig.builder(listen.getAddress(), other.config().localAs())
        .port(listen.getPort())
        .localAddress(local)
        .connectRetryTime(Duration.ofSeconds(1));
  }

  /**
   * The value of the series of {@code name} with exactly {@code labels}, if scraped (the client
   * writes label names in alphabetical order).
   */
  private OptionalDouble value(String name, String... labels) {
    String sorted = Stream.of(labels).sorted().collect(Collectors.joining(","));
    Matcher sample =
        Pattern.compile("(?m)^" + Pattern.quote(name + "{" + sorted + "}") + " (\\S+)$")
            .matcher(scrape());
    return sample.find()
        ? OptionalDouble.of(Double.parseDouble(sample.group(1)))
        : OptionalDouble.empty();
  }

  private String scrape() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ExpositionFormats.init().getPrometheusTextFormatWriter().write(out, registry.scrape());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
