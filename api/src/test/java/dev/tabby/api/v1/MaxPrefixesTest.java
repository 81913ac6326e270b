package dev.tabby.api.v1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * A BGPPeer's {@code spec.maxPrefixes} reads in the tabby-bgp daemon's words, with its defaults,
 * and the committed CRD makes the API server refuse what the agent could not apply.
 */
class MaxPrefixesTest {

  private static BGPPeer read(String spec) {
    return Serialization.unmarshal(
        """
        apiVersion: tabby.dev/v1
        kind: BGPPeer
        metadata: {name: tor}
        spec:
          peerIP: 192.0.2.1
          asNumber: 65001
        """
            + spec,
        BGPPeer.class);
  }

  @Test
  void readsEachFamilyInTheDaemonsWords() {
    BGPPeer peer =
        read(
            """
              maxPrefixes:
                ipv4: {maximum: 1000, warningPercent: 90, action: warn}
                ipv6: {maximum: 50, action: teardown, restartIntervalSeconds: 30}
            """);
    PrefixLimitSettings ipv4 = peer.getSpec().getMaxPrefixes().getIpv4();
    assertThat(ipv4.getMaximum()).isEqualTo(1000L);
    assertThat(ipv4.getWarningPercent()).isEqualTo(90);
    assertThat(ipv4.getAction()).isEqualTo(PrefixLimitAction.WARN);
    PrefixLimitSettings ipv6 = peer.getSpec().getMaxPrefixes().getIpv6();
    assertThat(ipv6.getAction()).isEqualTo(PrefixLimitAction.TEARDOWN);
    assertThat(ipv6.getRestartIntervalSeconds()).isEqualTo(30);
    assertThat(ipv6.getWarningPercent()).as("default warning percent").isEqualTo(80);
  }

  @Test
  void defaultsToTearingDownForFiveMinutes() {
    PrefixLimitSettings ipv4 =
        read("  maxPrefixes: {ipv4: {maximum: 10}}\n").getSpec().getMaxPrefixes().getIpv4();
    assertThat(ipv4.getAction()).isEqualTo(PrefixLimitAction.TEARDOWN);
    assertThat(ipv4.getRestartIntervalSeconds()).isEqualTo(300);
    assertThat(read("").getSpec().getMaxPrefixes()).isNull();
  }

  @Test
  void refusesAnUnknownAction() {
    assertThatThrownBy(() -> read("  maxPrefixes: {ipv4: {maximum: 10, action: drop}}\n"))
        .hasMessageContaining("drop");
  }

  @Test
  void crdBoundsEveryField() throws IOException {
    Path file = Path.of(System.getProperty("tabby.crd.committed"), "bgppeers.tabby.dev-v1.yml");
    JSONSchemaProps limit;
    try (InputStream in = Files.newInputStream(file)) {
      CustomResourceDefinition crd = Serialization.unmarshal(in, CustomResourceDefinition.class);
      JSONSchemaProps maxPrefixes =
          crd.getSpec()
              .getVersions()
              .get(0)
              .getSchema()
              .getOpenAPIV3Schema()
              .getProperties()
              .get("spec")
              .getProperties()
              .get("maxPrefixes");
      assertThat(maxPrefixes.getProperties()).containsOnlyKeys("ipv4", "ipv6");
      limit = maxPrefixes.getProperties().get("ipv6");
    }
    assertThat(limit.getRequired()).containsExactly("maximum");
    assertThat(limit.getProperties().get("maximum").getMaximum()).isEqualTo(4294967295.0);
    assertThat(limit.getProperties().get("warningPercent").getMinimum()).isEqualTo(1.0);
    assertThat(limit.getProperties().get("warningPercent").getMaximum()).isEqualTo(100.0);
    assertThat(limit.getProperties().get("restartIntervalSeconds").getMinimum()).isEqualTo(1.0);
    assertThat(limit.getProperties().get("action").getEnum())
        .extracting(Object::toString)
        .containsExactly("\"teardown\"", "\"warn\"");
  }
}
