package dev.tabby.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabby.api.v1.NodeNetworkCondition;
import dev.tabby.testbench.kube.CrudApiServer;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class NetworkConditionWriterTest {

  private final KubernetesMockServer server = CrudApiServer.create();
  private KubernetesClient client;
  private NetworkConditionWriter writer;

  @BeforeEach
  void start() {
    server.init();
    client = server.createClient();
    client
        .nodes()
        .resource(
            new NodeBuilder()
                .withNewMetadata()
                .withName("node1")
                .endMetadata()
                .withNewStatus()
                .addNewCondition()
                .withType("Ready")
                .withStatus("True")
                .withReason("KubeletReady")
                .endCondition()
                .endStatus()
                .build())
        .create();
    writer =
        new NetworkConditionWriter(
            client,
            "node1",
            Clock.fixed(Instant.parse("2026-01-02T03:04:05.678Z"), ZoneOffset.UTC));
  }

  @AfterEach
  void stop() {
    client.close();
    server.destroy();
  }

  @Test
  void upIsNetworkUnavailableFalseAndKeepsTheKubeletsConditions() {
    writer.up();

    assertThat(conditions())
        .anySatisfy(c -> assertThat(c.getType()).isEqualTo("Ready"))
        .anySatisfy(
            c -> {
              assertThat(c.getType()).isEqualTo(NodeNetworkCondition.TYPE);
              assertThat(c.getStatus()).isEqualTo("False");
              assertThat(c.getReason()).isEqualTo("TabbyIsUp");
              assertThat(c.getMessage()).contains("CNI server up");
              assertThat(c.getLastTransitionTime()).isEqualTo("2026-01-02T03:04:05Z");
            });
  }

  @Test
  void downReplacesUpWithNetworkUnavailableTrue() {
    writer.up();
    writer.down();

    List<NodeCondition> network =
        conditions().stream().filter(c -> c.getType().equals(NodeNetworkCondition.TYPE)).toList();
    assertThat(network).hasSize(1);
    assertThat(network.get(0).getStatus()).isEqualTo("True");
    assertThat(network.get(0).getReason()).isEqualTo("TabbyIsDown");
    assertThat(conditions()).anySatisfy(c -> assertThat(c.getType()).isEqualTo("Ready"));
  }

  private List<NodeCondition> conditions() {
    return client.nodes().withName("node1").get().getStatus().getConditions();
  }
}
