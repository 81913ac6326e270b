package dev.tabby.controller;

import dev.tabby.api.v1.IPPool;
import dev.tabby.api.v1.IPPoolStatus;
import dev.tabby.ipam.WatchedClusterView;
import dev.tabby.ipam.pool.NodeRange;
import dev.tabby.ipam.pool.PoolJudge;
import dev.tabby.ipam.pool.PoolProblem;
import dev.tabby.ipam.pool.PoolValidator;
import dev.tabby.ipam.pool.ServedPool;
import dev.tabby.ipam.store.Datastore;
import dev.tabby.net.IpPrefix;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Judges every IPPool ({@link PoolJudge}: oldest first, against the older pools, the node
 * addresses, the configured node networks, the service ranges and the blocks in use) and records
 * the verdict in the pool's status: the {@code Valid} condition, and the cidr the pool serves. A
 * change of verdict is logged and becomes an Event on the pool. Agents obey the condition ({@link
 * ServedPool}).
 *
 * <p>Node addresses are the InternalIP and ExternalIP each Node reports: the API tells no node
 * subnet, so whole node networks are the operator's to configure ({@code --node-networks}).
 */
final class PoolValidation {
  static final String VALID_REASON = "Valid";

  private static final Logger log = LoggerFactory.getLogger(PoolValidation.class);

  private final KubernetesClient client;
  private final Datastore datastore;
  private final WatchedClusterView cluster;
  private final ControllerConfig config;
  private final PoolEvents events;
  private final Clock clock;
  private volatile int invalidPools;

  PoolValidation(
      KubernetesClient client,
      Datastore datastore,
      WatchedClusterView cluster,
      ControllerConfig config,
      PoolEvents events,
      Clock clock) {
    this.client = client;
    this.datastore = datastore;
    this.cluster = cluster;
    this.config = config;
    this.events = events;
    this.clock = clock;
  }

  /** How many pools the last pass found invalid. */
  int invalidPools() {
    return invalidPools;
  }

  /** One pass over every pool. */
  void reconcileAll() {
    List<IpPrefix> blocks =
        datastore.blocks().list().stream().map(b -> IpPrefix.parse(b.getSpec().getCidr())).toList();
    PoolJudge judge = new PoolJudge(new PoolValidator(nodeRanges(), config.serviceRanges()));
    int invalid = 0;
    for (PoolJudge.Judgement judgement : judge.judge(datastore.pools().list(), blocks)) {
      if (!judgement.problems().isEmpty()) {
        invalid++;
      }
      record(judgement);
    }
    invalidPools = invalid;
  }

  private List<NodeRange> nodeRanges() {
    List<NodeRange> ranges = new ArrayList<>();
    config.nodeNetworks().forEach(network -> ranges.add(NodeRange.network(network)));
    cluster.nodes().forEach(node -> ranges.addAll(NodeRange.addressesOf(node)));
    return ranges;
  }

  private void record(PoolJudge.Judgement judgement) {
    IPPool pool = judgement.pool();
    boolean valid = judgement.problems().isEmpty();
    String reason = valid ? VALID_REASON : judgement.problems().get(0).reason();
    String message =
        valid
            ? "the pool overlaps no other pool, node address or service range, and its blocks fit"
            : judgement.problems().stream()
                .map(PoolProblem::message)
                .collect(Collectors.joining("; "));
    Optional<Condition> before = ServedPool.validCondition(pool);
    String servedBefore = pool.getStatus() == null ? null : pool.getStatus().getCidr();
    String served = valid ? pool.getSpec().getCidr() : servedBefore;
    boolean same =
        before.isPresent()
            && before.get().getStatus().equals(valid ? "True" : "False")
            && Objects.equals(before.get().getReason(), reason)
            && Objects.equals(before.get().getMessage(), message)
            && Objects.equals(servedBefore, served);
    if (same) {
      return;
    }
    boolean transition =
        before.isEmpty() || !before.get().getStatus().equals(valid ? "True" : "False");
    Condition condition =
        new ConditionBuilder()
            .withType(ServedPool.VALID)
            .withStatus(valid ? "True" : "False")
            .withReason(reason)
            .withMessage(message)
            .withObservedGeneration(pool.getMetadata().getGeneration())
            .withLastTransitionTime(
                transition || before.isEmpty()
                    ? clock.instant().toString()
                    : before.get().getLastTransitionTime())
            .build();
    if (!writeStatus(pool, served, condition)) {
      return;
    }
    String name = pool.getMetadata().getName();
    if (valid) {
      log.info("event=pool-valid pool={} cidr={}", name, served);
      if (before.isPresent() && transition) {
        events.record(pool, "Normal", reason, message);
      }
    } else {
      log.warn("event=pool-invalid pool={} reason={} message=\"{}\"", name, reason, message);
      events.record(pool, "Warning", reason, message);
    }
  }

  /** Writes the status with a compare-and-swap; a lost one is left to the next pass. */
  private boolean writeStatus(IPPool pool, String served, Condition condition) {
    IPPoolStatus status = new IPPoolStatus();
    status.setCidr(served);
    List<Condition> conditions = new ArrayList<>();
    if (pool.getStatus() != null && pool.getStatus().getConditions() != null) {
      pool.getStatus().getConditions().stream()
          .filter(c -> !ServedPool.VALID.equals(c.getType()))
          .forEach(conditions::add);
    }
    conditions.add(condition);
    status.setConditions(conditions);
    pool.setStatus(status);
    try {
      client.resources(IPPool.class).resource(pool).updateStatus();
      return true;
    } catch (KubernetesClientException e) {
      log.debug(
          "IPPool {} changed while it was judged ({}); the next pass sees it",
          pool.getMetadata().getName(),
          e.getMessage());
      return false;
    }
  }
}
