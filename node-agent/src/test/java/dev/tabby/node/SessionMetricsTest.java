package dev.tabby.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabby.bgp.BgpSpeaker;
import dev.tabby.bgp.PeerConfig;
import dev.tabby.bgp.SpeakerConfig;
import dev.tabby.testbench.Wait;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The session metrics of a speaker whose one peer refuses the connection. */
class SessionMetricsTest {

  private static final Duration DEADLINE = Duration.ofSeconds(20);

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private BgpSpeaker speaker;

  @AfterEach
  void stop() {
    if (speaker != null) {
      speaker.close();
    }
  }

  @Test
  void countsTransitionsByTheStateEnteredAndGaugesSessionsByState() throws IOException {
    Inet4Address loopback = (Inet4Address) InetAddress.getByName("127.0.0.1");
    speaker = BgpSpeaker.start(new SpeakerConfig(loopback, 65001, null, null));
    SessionMetrics.register(registry, speaker);
    assertThat(value("tabby_bgp_session_transitions_total", "to", "Active")).isZero();

    speaker.addPeer(
        PeerConfig.builder(loopback, 65002)
            .port(closedPort())
            .connectRetryTime(Duration.ofSeconds(1))
            .build());

    Wait.until(
        "the refused connect counted as a transition to Active",
        DEADLINE,
        () -> value("tabby_bgp_session_transitions_total", "to", "Active") >= 1);
    assertThat(value("tabby_bgp_session_transitions_total", "to", "Connect")).isGreaterThan(0);
    assertThat(value("tabby_bgp_session_transitions_total", "to", "Established")).isZero();
    assertThat(value("tabby_bgp_sessions", "state", "Established")).isZero();
    assertThat(
            value("tabby_bgp_sessions", "state", "Idle")
                + value("tabby_bgp_sessions", "state", "Connect")
                + value("tabby_bgp_sessions", "state", "Active"))
        .isEqualTo(1);
  }

  /** A loopback port nothing listens on. */
  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    }
  }

  /** The value of one series in a scrape of the registry; fails when it is not there. */
  private double value(String name, String label, String labelValue) {
    Matcher sample =
        Pattern.compile(
                "(?m)^"
                    + Pattern.quote(name + "{" + label + "=\"" + labelValue + "\"}")
                    + " (\\S+)$")
            .matcher(scrape());
    assertThat(sample.find()).as("%s{%s=\"%s\"} is scraped", name, label, labelValue).isTrue();
    return Double.parseDouble(sample.group(1));
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
