package dev.tabby.bgp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabby.testbench.ExecResult;
import dev.tabby.testbench.Host;
import dev.tabby.testbench.Lab;
import dev.tabby.testbench.Wait;
import dev.tabby.testbench.bgp.TabbyBgp;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * RFC 8950 with BIRD over a link that has only IPv6 addresses: the tabby-bgp daemon with {@code
 * extendedNextHop: true} and BIRD with {@code extended next hop on} carry IPv4 prefixes over their
 * IPv6 session both ways, each with the other's IPv6 address as next hop; BIRD installs Tabby's
 * prefix in its kernel via inet6; withdrawals go both ways too.
 */
class TabbyExtendedNextHopBirdIT {
  private static final String TABBY = "fd00:12::1";
  private static final String BIRD = "fd00:12::2";
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  /** Connect retry of 1 s: BIRD may not listen yet at Tabby's first attempt. */
  private static final String TABBY_CONFIG =
      """
      routerId: 10.255.0.1
      localAs: 65001
      warmup: false
      peers:
        - {address: "fd00:12::2", as: 65002, connectRetryTime: 1, extendedNextHop: true}
      """;

  private static final String TABBY_PREFIX =
      """
      prefixes:
        - {prefix: "10.20.0.0/24"}
      """;

  /** BIRD's IPv4 channel on the IPv6 session, and a kernel protocol to install what it learns. */
  private static final String BIRD_CONFIG =
      """
      log stderr all;
      router id 10.255.0.2;
      protocol device {}
      protocol kernel { ipv4 { import none; export where source = RTS_BGP; }; }
      protocol static lan { ipv4; route 10.10.0.0/24 blackhole; }
      protocol bgp tabby {
        local fd00:12::2 as 65002;
        neighbor fd00:12::1 as 65001;
        direct;
        # BIRD waits 5 s before connecting and longer between retries; a lab comes up in seconds.
        connect delay time 1;
        connect retry time 2;
        error wait time 1, 4;
        ipv4 { import all; export where source = RTS_STATIC; extended next hop on; };
      }
      """;

  @Test
  void ipv4PrefixesCrossTheIpv6SessionWithIpv6NextHopsBothWays() {
    try (Lab lab = Lab.create()) {
      Host tabbyHost = lab.host("tabby");
      Host birdHost = lab.host("bird");
      lab.link(tabbyHost, "eth0", birdHost, "eth0");
      // Only IPv6 on the link; nodad: the addresses are usable at once.
      tabbyHost.execOk("ip", "-6", "addr", "add", TABBY + "/64", "dev", "eth0", "nodad");
      birdHost.execOk("ip", "-6", "addr", "add", BIRD + "/64", "dev", "eth0", "nodad");
      Path control = birdHost.dir().resolve("bird.ctl");
      birdHost.start(
          "bird",
          "bird",
          "-f",
          "-c",
          birdHost.writeFile("bird.conf", BIRD_CONFIG).toString(),
          "-s",
          control.toString(),
          "-P",
          birdHost.dir().resolve("bird.pid").toString());
      TabbyBgp tabby = TabbyBgp.start(tabbyHost, TABBY_CONFIG + TABBY_PREFIX);

      JsonNode session = tabby.awaitEstablished(BIRD);
      assertThat(session.path("capabilities").path("extendedNextHop").asBoolean())
          .as("extended next hop negotiated: %s", session)
          .isTrue();
      assertThat(session.path("capabilities").path("families").toString()).contains("ipv4-unicast");

      JsonNode learned = tabby.awaitRoute("10.10.0.0/24");
      assertThat(learned.toString()).contains("\"nextHop\":\"" + BIRD + "\"");

      String birdRoute =
          Wait.until(
              "BIRD to learn 10.20.0.0/24 via " + TABBY,
              TIMEOUT,
              () -> birdc(birdHost, control, "show route 10.20.0.0/24 all").stdout(),
              out -> out.contains("via " + TABBY));
      assertThat(birdRoute).contains("AS65001");
      Wait.until(
          "BIRD's kernel route to 10.20.0.0/24 via inet6 " + TABBY,
          TIMEOUT,
          () -> birdHost.ip("-4", "route", "show", "10.20.0.0/24").stdout(),
          out -> out.contains("via inet6 " + TABBY));

      // Withdrawals both ways: Tabby's prefix leaves BIRD's table, BIRD's leaves Tabby's.
      tabby.reload(TABBY_CONFIG);
      Wait.until(
          "BIRD to drop 10.20.0.0/24 once Tabby withdraws it",
          TIMEOUT,
          () -> birdc(birdHost, control, "show route 10.20.0.0/24").stdout(),
          out -> !out.contains("via " + TABBY));
      birdc(birdHost, control, "disable lan");
      tabby.awaitNoRoute("10.10.0.0/24");
      assertThat(tabby.peer(BIRD).path("state").asString())
          .as("withdrawals keep the session")
          .isEqualTo("Established");
    }
  }

  private static ExecResult birdc(Host host, Path control, String command) {
    return host.exec("birdc", "-s", control.toString(), command);
  }
}
