package dev.tabby.bgp.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.net.InetAddresses;
import dev.tabby.bfd.BfdParameters;
import dev.tabby.bgp.bfd.BfdOptions;
import dev.tabby.net.IpPrefix;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BfdSectionTest {
  private static final String HEAD = "routerId: 1.1.1.1\nlocalAs: 1\npeers:\n";

  @Test
  void aPeersBfdKeyTurnsBfdOnWithItsTimersSingleHopOrMultihop() {
    DaemonConfig config =
        ConfigParser.parse(
            HEAD
                + "  - {address: 10.0.0.2, as: 2, bfd: {minTxMs: 100, minRxMs: 200, multiplier: 4}}\n"
                + "  - {address: 10.9.0.1, as: 3, bfd: {multihop: true}}\n"
                + "  - {address: 10.9.0.2, as: 4, bfd: {multihop: true, minimumTtl: 62}}\n"
                + "  - {address: 10.0.0.3, as: 5, bfd: {enabled: false, minTxMs: 100}}\n"
                + "  - {address: 10.0.0.4, as: 6}\n");

    assertThat(config.bfd())
        .containsOnly(
            Map.entry(
                InetAddresses.forString("10.0.0.2"),
                BfdOptions.singleHop(BfdParameters.ofMillis(100, 200, 4))),
            Map.entry(
                InetAddresses.forString("10.9.0.1"),
                BfdOptions.multihop(BfdParameters.DEFAULT, 254)),
            Map.entry(
                InetAddresses.forString("10.9.0.2"),
                BfdOptions.multihop(BfdParameters.DEFAULT, 62)));
  }

  @Test
  void aPeerRangesBfdKeyTurnsBfdOnForItsDynamicNeighbours() {
    DaemonConfig config =
        ConfigParser.parse(
            HEAD
                + "  - {address: 10.0.0.2, as: 2, bfd: {}}\n"
                + "peerRanges:\n"
                + "  - {prefix: 10.1.0.0/24, as: 3, bfd: {minTxMs: 100, minRxMs: 100}}\n"
                + "  - {prefix: 10.9.0.0/16, as: 4, bfd: {multihop: true, minimumTtl: 250}}\n"
                + "  - {prefix: 10.2.0.0/24, as: 5, bfd: {enabled: false}}\n"
                + "  - {prefix: 10.3.0.0/24, as: 6}\n");

    assertThat(config.rangeBfd())
        .containsOnly(
            Map.entry(
                IpPrefix.parse("10.1.0.0/24"),
                BfdOptions.singleHop(BfdParameters.ofMillis(100, 100, 3))),
            Map.entry(
                IpPrefix.parse("10.9.0.0/16"), BfdOptions.multihop(BfdParameters.DEFAULT, 250)));
    assertThat(config.bfd())
        .containsOnly(
            Map.entry(
                InetAddresses.forString("10.0.0.2"), BfdOptions.singleHop(BfdParameters.DEFAULT)));
  }

  @Test
  void badRangeBfdSettingsNameTheField() {
    assertError(
        "  - {address: 10.0.0.2, as: 2}\n"
            + "peerRanges: [{prefix: 10.1.0.0/24, as: 3, bfd: {minRxMs: 0}}]\n",
        "config peerRanges[0].bfd.minRxMs: must be 1..60000, got 0");
  }

  @Test
  void badBfdSettingsNameTheField() {
    assertError(
        "  - {address: 10.0.0.2, as: 2, bfd: {multiplier: 0}}\n",
        "config peers[0].bfd.multiplier: must be 1..255, got 0");
    assertError(
        "  - {address: 10.0.0.2, as: 2, bfd: {minimumTtl: 250}}\n",
        "config peers[0].bfd.minimumTtl: applies to multihop sessions only");
    assertError(
        "  - {address: 10.0.0.2, as: 2, bfd: {interval: 5}}\n",
        "config peers[0].bfd.interval: unknown field");
  }

  private static void assertError(String peers, String message) {
    assertThatThrownBy(() -> ConfigParser.parse(HEAD + peers))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(message);
  }
}
