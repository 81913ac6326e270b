package dev.tabby.controller;

import dev.tabby.api.v1.IPPool;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kubernetes Events on IPPools, as {@code kubectl describe ippool} shows them. An IPPool is
 * cluster-scoped, so its Events live in the {@code default} namespace, as the API server's own do.
 */
final class PoolEvents {
  static final String NAMESPACE = "default";
  static final String COMPONENT = "tabby-controller";

  private static final Logger log = LoggerFactory.getLogger(PoolEvents.class);

  private final KubernetesClient client;
  private final String identity;
  private final Clock clock;

  PoolEvents(KubernetesClient client, String identity, Clock clock) {
    this.client = client;
    this.identity = identity;
    this.clock = clock;
  }

  /** Records one Event; a failure is logged, never thrown: the pool's status says it too. */
  void record(IPPool pool, String type, String reason, String message) {
    Instant now = clock.instant();
    String name = pool.getMetadata().getName();
    Event event =
        new EventBuilder()
            .withNewMetadata()
            // Unique per Event, as the API server's own names are: the object, then a timestamp.
            .withName(
                name
                    + "."
                    + Long.toHexString(now.getEpochSecond() * 1_000_000_000L + now.getNano()))
            .withNamespace(NAMESPACE)
            .endMetadata()
            .withNewInvolvedObject()
            .withApiVersion(HasMetadata.getApiVersion(IPPool.class))
            .withKind(HasMetadata.getKind(IPPool.class))
            .withName(name)
            .withUid(pool.getMetadata().getUid())
            .endInvolvedObject()
            .withType(type)
            .withReason(reason)
            .withMessage(message)
            .withNewSource()
            .withComponent(COMPONENT)
            .endSource()
            .withReportingComponent(COMPONENT)
            .withReportingInstance(identity)
            .withFirstTimestamp(now.toString())
            .withLastTimestamp(now.toString())
            .withCount(1)
            .build();
    try {
      client.v1().events().inNamespace(NAMESPACE).resource(event).create();
    } catch (KubernetesClientException e) {
      log.warn(
          "event=event-not-recorded pool={} reason={} error=\"{}\"", name, reason, e.getMessage());
    }
  }
}
