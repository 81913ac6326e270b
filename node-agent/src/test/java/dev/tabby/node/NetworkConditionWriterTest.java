package dev.tabby.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tabby.api.v1.NodeNetworkCondition;
import dev.tabby.testbench.kube.CrudApiServer;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
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
    writer.down(Duration.ofSeconds(30));

    List<NodeCondition> network =
        conditions().stream().filter(c -> c.getType().equals(NodeNetworkCondition.TYPE)).toList();
    assertThat(network).hasSize(1);
    assertThat(network.get(0).getStatus()).isEqualTo("True");
    assertThat(network.get(0).getReason()).isEqualTo("TabbyIsDown");
    assertThat(conditions()).anySatisfy(c -> assertThat(c.getType()).isEqualTo("Ready"));
  }

  @Test
  void downTriesEachRequestOnceWhereUpRetries() throws Exception {
    // An "API server" that takes each connection and drops it at once: an I/O error, which the
    // client retries (here 3 times, 10 ms apart) unless told not to.
    try (ServerSocket api = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        KubernetesClient retrying =
            new KubernetesClientBuilder()
                .withConfig(
                    new ConfigBuilder()
                        .withMasterUrl("http://127.0.0.1:" + api.getLocalPort())
                        .withRequestRetryBackoffLimit(3)
                        .withRequestRetryBackoffInterval(10)
                        .build())
                .build()) {
      AtomicInteger connections = new AtomicInteger();
      Thread dropper =
          new Thread(
              () -> {
                while (!api.isClosed()) {
                  try (Socket connection = api.accept()) {
                    connections.incrementAndGet();
                  } catch (IOException closed) {
                    return;
                  }
                }
              },
              "dropping-api");
      dropper.setDaemon(true);
      dropper.start();
      NetworkConditionWriter toGoneApi =
          new NetworkConditionWriter(retrying, "node1", Clock.systemUTC());

      assertThatThrownBy(() -> toGoneApi.down(Duration.ofSeconds(30)))
          .isInstanceOf(KubernetesClientException.class);
      assertThat(connections).as("connections for down()").hasValue(1);

      assertThatThrownBy(toGoneApi::up).isInstanceOf(KubernetesClientException.class);
      assertThat(connections).as("connections for down() and up()").hasValue(1 + 4);
    }
  }

  private List<NodeCondition> conditions() {
    return client.nodes().withName("node1").get().getStatus().getConditions();
  }
}
