package dev.tabby.rr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tabby.api.v1.BGPConfiguration;
import dev.tabby.api.v1.BGPConfigurationSpec;
import dev.tabby.api.v1.NodeBgpAnnotations;
import dev.tabby.bgp.wire.AddressFamily;
import dev.tabby.bgp.wire.GracefulRestart;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReflectorIdentityTest {

  @Test
  void theFlagsAreWrittenToTheNodeAndTheSpeakerStartsWithThemOnceTheNodeCarriesThem() {
    ReflectorConfig config =
        parse("--node-name=rr1", "--cluster-id=244.0.0.1", "--address=10.0.0.251/24");
    assertThat(ReflectorIdentity.annotations(config))
        .containsOnly(
            Map.entry(NodeBgpAnnotations.IPV4_ADDRESS, "10.0.0.251/24"),
            Map.entry(NodeBgpAnnotations.ROUTE_REFLECTOR_CLUSTER_ID, "244.0.0.1"));

    assertThatThrownBy(() -> ReflectorIdentity.of(config, node(Map.of()), null))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("waiting for annotation");

    ReflectorIdentity identity =
        ReflectorIdentity.of(
            config, node(ReflectorIdentity.annotations(config)), cluster(65010L, 1179));
    assertThat(identity.speaker().clusterId().getHostAddress()).isEqualTo("244.0.0.1");
    assertThat(identity.speaker().routerId().getHostAddress()).isEqualTo("10.0.0.251");
    assertThat(identity.speaker().localAs()).isEqualTo(65010);
    assertThat(identity.speaker().listen().getPort()).isEqualTo(1179);
    assertThat(identity.me().labels()).containsEntry("route-reflector", "true");
    assertThat(identity.me().ipv4()).isPresent();
  }

  @Test
  void withoutFlagsTheNodeSaysWhoItIsAndItsAsWinsOverTheClusters() {
    Map<String, String> annotations = new HashMap<>();
    annotations.put(NodeBgpAnnotations.IPV4_ADDRESS, "10.0.0.252/24");
    annotations.put(NodeBgpAnnotations.ROUTE_REFLECTOR_CLUSTER_ID, "244.0.0.1");
    annotations.put(NodeBgpAnnotations.AS_NUMBER, "65020");

    ReflectorIdentity identity =
        ReflectorIdentity.of(
            parse("--node-name=rr2", "--router-id=1.1.1.1", "--port=1790"),
            node(annotations),
            cluster(65010L, 179));

    assertThat(identity.speaker().localAs()).isEqualTo(65020);
    assertThat(identity.speaker().routerId().getHostAddress()).isEqualTo("1.1.1.1");
    assertThat(identity.speaker().listen().getPort()).isEqualTo(1790);
  }

  @Test
  void theCapabilityListsTheFamiliesWithTheForwardingAndRestartBitsUnlessTurnedOff() {
    GracefulRestart offered =
        ReflectorIdentity.gracefulRestart(Duration.ofSeconds(90))
            .capability(Set.of(AddressFamily.IPV4_UNICAST));
    assertThat(offered.restartTimeSeconds()).isEqualTo(90);
    assertThat(offered.restartState()).isTrue();
    assertThat(offered.forwardingPreserved())
        .containsExactly(Map.entry(AddressFamily.IPV4_UNICAST, true));

    GracefulRestart off =
        ReflectorIdentity.gracefulRestart(Duration.ZERO)
            .capability(Set.of(AddressFamily.IPV4_UNICAST));
    assertThat(off.forwardingPreserved()).isEmpty();
    assertThat(off.restartState()).isFalse();
  }

  @Test
  void thePeerWaitIsAFlagInSeconds() {
    assertThat(parse("--node-name=rr1").gracefulRestartPeerWait()).hasSeconds(15);
    assertThat(parse("--node-name=rr1", "--graceful-restart-peer-wait=3").gracefulRestartPeerWait())
        .hasSeconds(3);
    assertThatThrownBy(() -> parse("--node-name=rr1", "--graceful-restart-peer-wait=soon"))
        .hasMessageContaining("--graceful-restart-peer-wait=soon: must be");
  }

  @Test
  void aReflectorWithoutClusterIdOrAddressSaysWhatIsMissing() {
    ReflectorConfig config = parse("--node-name=rr1");
    assertThatThrownBy(
            () ->
                ReflectorIdentity.of(
                    config, node(Map.of(NodeBgpAnnotations.IPV4_ADDRESS, "10.0.0.251/24")), null))
        .hasMessageContaining("--cluster-id (env TABBY_CLUSTER_ID) is not set");
    assertThatThrownBy(
            () ->
                ReflectorIdentity.of(
                    config,
                    node(Map.of(NodeBgpAnnotations.ROUTE_REFLECTOR_CLUSTER_ID, "not-an-id")),
                    null))
        .hasMessageContaining("is not a cluster ID in IPv4 form");
    assertThatThrownBy(
            () ->
                ReflectorIdentity.of(
                    config,
                    node(Map.of(NodeBgpAnnotations.ROUTE_REFLECTOR_CLUSTER_ID, "244.0.0.1")),
                    null))
        .hasMessageContaining("--address (env TABBY_BGP_ADDRESS) is not set");
  }

  @Test
  void badFlagsAreOneLineNamingTheFlag() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    assertThatThrownBy(
            () ->
                Main.parse(
                    new String[] {"--node-name=rr1", "--cluster-id=fd00::1"},
                    new PrintStream(new ByteArrayOutputStream()),
                    new PrintStream(err, true, StandardCharsets.UTF_8)))
        .isInstanceOf(ConfigException.class);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .isEqualTo("tabby-rr: bad configuration: --cluster-id=fd00::1: is not an IPv4 address\n");
    assertThatThrownBy(() -> parse("--cluster-id=244.0.0.1"))
        .hasMessageContaining("--node-name (env NODE_NAME) is required");
    assertThatThrownBy(() -> parse("--node-name=rr1", "--port=0"))
        .hasMessage("--port=0: must be a port 1..65535");
    assertThat(parse("--node-name=rr1", "--address=10.0.0.9").address().orElseThrow().toString())
        .isEqualTo("10.0.0.9/32");
  }

  private static ReflectorConfig parse(String... args) {
    return ReflectorOptions.parse(args, new java.io.PrintWriter(new ByteArrayOutputStream()));
  }

  private static Node node(Map<String, String> annotations) {
    return new NodeBuilder()
        .withNewMetadata()
        .withName("rr1")
        .withLabels(Map.of("route-reflector", "true"))
        .withAnnotations(new HashMap<>(annotations))
        .endMetadata()
        .build();
  }

  private static BGPConfiguration cluster(Long as, int port) {
    BGPConfiguration configuration = new BGPConfiguration();
    configuration.getMetadata().setName("default");
    BGPConfigurationSpec spec = new BGPConfigurationSpec();
    spec.setAsNumber(as);
    spec.setListenPort(port);
    configuration.setSpec(spec);
    return configuration;
  }
}
