package dev.tabby.node;

import dev.tabby.api.v1.NodeNetworkCondition;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.RequestConfig;
import io.fabric8.kubernetes.client.RequestConfigBuilder;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes the Node's {@code NetworkUnavailable} condition ({@link NodeNetworkCondition}), as Calico
 * does: False ({@code TabbyIsUp}) once the agent can route and wire pods, True ({@code
 * TabbyIsDown}) when it stops cleanly, on the Node's status subresource.
 */
final class NetworkConditionWriter {

  static final String UP_MESSAGE =
      "tabby-node is ready: BGP address known, blocks originated, CNI server up";
  static final String DOWN_MESSAGE = "tabby-node was stopped";

  /** How often a patch whose guard failed is tried again on a fresh read. */
  private static final int ATTEMPTS = 3;

  private final KubernetesClient client;
  private final String nodeName;
  private final Clock clock;

  NetworkConditionWriter(KubernetesClient client, String nodeName, Clock clock) {
    this.client = client;
    this.nodeName = nodeName;
    this.clock = clock;
  }

  /** The network is up: NetworkUnavailable False, reason TabbyIsUp. */
  void up() {
    write(client, "False", NodeNetworkCondition.REASON_UP, UP_MESSAGE);
  }

  /**
   * The agent stopped: NetworkUnavailable True, reason TabbyIsDown. Each request is sent once and
   * waits at most {@code requestTimeout}, without the client's retries: a stopping agent does not
   * wait for an API server that is gone.
   */
  void down(Duration requestTimeout) {
    RequestConfig oneTry =
        new RequestConfigBuilder()
            .withRequestRetryBackoffLimit(0)
            .withRequestTimeout((int) requestTimeout.toMillis())
            .build();
    write(
        client.newClient(oneTry).adapt(KubernetesClient.class),
        "True",
        NodeNetworkCondition.REASON_DOWN,
        DOWN_MESSAGE);
  }

  private void write(KubernetesClient api, String status, String reason, String message) {
    for (int attempt = 1; ; attempt++) {
      try {
        patch(api, status, reason, message);
        return;
      } catch (KubernetesClientException e) {
        // 422: the test below failed, a condition moved between our read and our write.
        if (e.getCode() != 422 || attempt == ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  /**
   * A JSON patch of the status subresource that replaces our condition where it is, guarded by a
   * test of its type at that index, or appends it; the kubelet's conditions are left alone. (Calico
   * sends a strategic merge patch; fabric8's mock API server, which the tests run against, takes
   * only JSON and merge patches, and a merge patch would replace the whole list.)
   */
  private void patch(KubernetesClient api, String status, String reason, String message) {
    Node node = api.nodes().withName(nodeName).get();
    if (node == null) {
      throw new ConfigException("Node " + nodeName + " does not exist");
    }
    List<NodeCondition> conditions =
        node.getStatus() == null || node.getStatus().getConditions() == null
            ? List.of()
            : node.getStatus().getConditions();
    int index = -1;
    for (int i = 0; i < conditions.size(); i++) {
      if (NodeNetworkCondition.TYPE.equals(conditions.get(i).getType())) {
        index = i;
      }
    }
    // The API's time format has whole seconds.
    String now = Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
    String since =
        index >= 0 && status.equals(conditions.get(index).getStatus())
            ? conditions.get(index).getLastTransitionTime()
            : now;
    NodeCondition condition =
        new NodeConditionBuilder()
            .withType(NodeNetworkCondition.TYPE)
            .withStatus(status)
            .withReason(reason)
            .withMessage(message)
            .withLastTransitionTime(since)
            .withLastHeartbeatTime(now)
            .build();
    List<Map<String, Object>> operations = new ArrayList<>();
    if (index >= 0) {
      String path = "/status/conditions/" + index;
      operations.add(
          Map.of("op", "test", "path", path + "/type", "value", NodeNetworkCondition.TYPE));
      operations.add(Map.of("op", "replace", "path", path, "value", condition));
    } else if (node.getStatus() == null) {
      operations.add(
          Map.of(
              "op", "add", "path", "/status", "value", Map.of("conditions", List.of(condition))));
    } else if (node.getStatus().getConditions() == null) {
      operations.add(
          Map.of("op", "add", "path", "/status/conditions", "value", List.of(condition)));
    } else {
      operations.add(Map.of("op", "add", "path", "/status/conditions/-", "value", condition));
    }
    api.nodes()
        .withName(nodeName)
        .subresource("status")
        .patch(PatchContext.of(PatchType.JSON), Serialization.asJson(operations));
  }
}
