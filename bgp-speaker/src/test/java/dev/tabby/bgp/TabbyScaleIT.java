package dev.tabby.bgp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabby.testbench.Host;
import dev.tabby.testbench.Lab;
import dev.tabby.testbench.Wait;
import dev.tabby.testbench.bgp.BgpDaemonConfig;
import dev.tabby.testbench.bgp.Bird;
import dev.tabby.testbench.bgp.Neighbor;
import dev.tabby.testbench.bgp.TabbyBgp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Ten thousand prefixes each way with BIRD, route refresh, and mass withdrawal. */
class TabbyScaleIT {

  private static final int PREFIXES = 10_000;
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  /** The bench names BIRD's first BGP protocol peer1. */
  private static final String BIRD_PROTOCOL = "peer1";

  private static final Pattern ROUTE_COUNT = Pattern.compile("(\\d+) of \\d+ routes");
  private static final Pattern IMPORT_UPDATES = Pattern.compile("Import updates:\\s+(\\d+)");

  /** {@code count} consecutive /28s from {@code firstOctet}.0.0.0. */
  private static List<String> prefixes(int firstOctet, int count) {
    List<String> prefixes = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int offset = i * 16;
      prefixes.add(
          firstOctet
              + "."
              + (offset >> 16)
              + "."
              + (offset >> 8 & 0xff)
              + "."
              + (offset & 0xff)
              + "/28");
    }
    return prefixes;
  }

  @Test
  void tenThousandPrefixesEachWayRefreshedAndWithdrawn() {
    try (Lab lab = Lab.create()) {
      PeerLink link = PeerLink.create(lab, "bird");
      Host tabbyHost = link.tabby();
      Host birdHost = link.peer();

      Bird bird =
          Bird.start(
              birdHost,
              BgpDaemonConfig.builder("10.0.0.2", 65000)
                  .neighbor(Neighbor.of("10.0.0.1", 65000))
                  .originate(prefixes(172, PREFIXES).toArray(String[]::new))
                  .build());
      TabbyBgp tabby =
          TabbyBgp.start(tabbyHost, TabbyIbgpConfig.yaml(prefixes(100, PREFIXES), List.of()));
      tabby.awaitEstablished("10.0.0.2");

      Wait.until(
          "tabby-bgp to accept " + PREFIXES + " prefixes from BIRD",
          TIMEOUT,
          () -> tabby.peer("10.0.0.2").path("accepted").asLong(),
          accepted -> accepted == PREFIXES);
      Wait.until(
          "BIRD to learn " + PREFIXES + " prefixes from tabby-bgp",
          TIMEOUT,
          () -> bgpRoutesAt(bird),
          count -> count == PREFIXES);
      assertThat(tabby.routeCount()).isEqualTo(2L * PREFIXES);

      // BIRD keeps no copy of what it imported, so "reload in" asks Tabby with a ROUTE-REFRESH
      // and Tabby must send its whole Adj-RIB-Out again.
      long importedBefore = importUpdatesAt(bird);
      bird.birdc("reload", "in", BIRD_PROTOCOL).orThrow();
      Wait.until(
          "BIRD to receive all " + PREFIXES + " prefixes again after its route refresh",
          TIMEOUT,
          () -> importUpdatesAt(bird),
          imported -> imported >= importedBefore + PREFIXES);

      bird.birdc("disable", "originated_ipv4").orThrow();
      Wait.until(
          "tabby-bgp to see BIRD's " + PREFIXES + " prefixes withdrawn",
          TIMEOUT,
          () -> tabby.peer("10.0.0.2").path("accepted").asLong(),
          accepted -> accepted == 0);

      tabby.reload(TabbyIbgpConfig.yaml(List.of(), List.of()));
      Wait.until(
          "BIRD to see tabby-bgp's " + PREFIXES + " prefixes withdrawn",
          TIMEOUT,
          () -> bgpRoutesAt(bird),
          count -> count == 0);
      assertThat(tabby.peer("10.0.0.2").path("state").asString()).isEqualTo("Established");
    }
  }

  private static long bgpRoutesAt(Bird bird) {
    String out =
        bird.birdc("show", "route", "where", "source", "=", "RTS_BGP", "count").orThrow().stdout();
    Matcher matcher = ROUTE_COUNT.matcher(out);
    if (!matcher.find()) {
      throw new IllegalStateException("no route count in BIRD's answer: " + out);
    }
    return Long.parseLong(matcher.group(1));
  }

  /** BIRD's "Import updates: received" counter of the session with Tabby. */
  private static long importUpdatesAt(Bird bird) {
    String out = bird.birdc("show", "protocols", "all", BIRD_PROTOCOL).orThrow().stdout();
    Matcher matcher = IMPORT_UPDATES.matcher(out);
    if (!matcher.find()) {
      throw new IllegalStateException("no import counters in BIRD's answer: " + out);
    }
    return Long.parseLong(matcher.group(1));
  }
}
