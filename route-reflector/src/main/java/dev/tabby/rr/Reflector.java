package dev.tabby.rr;

import dev.tabby.bgp.BgpSpeaker;
import dev.tabby.bgp.daemon.StateServer;
import dev.tabby.health.HealthServer;
import dev.tabby.health.Readiness;
import dev.tabby.node.InitialTables;
import dev.tabby.node.KubernetesSecrets;
import dev.tabby.node.NodeAnnotator;
import dev.tabby.node.PeerPlan;
import dev.tabby.node.PeerPlanner;
import dev.tabby.node.SessionMetrics;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reflector: a BGP speaker with a cluster ID whose peers are planned from the datastore by the
 * node agent's {@link PeerPlanner}, as for a node with a cluster ID, and planned again on every
 * change of a Node, BGPPeer, BGPFilter or the BGPConfiguration. It originates nothing and installs
 * no routes.
 */
final class Reflector implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Reflector.class);

  /** How often a sync that failed (the Node is missing, the API is away) is tried again. */
  private static final long RETRY_SECONDS = 5;

  private final ReflectorConfig config;
  private final KubernetesClient client;
  private final Readiness readiness = new Readiness();
  private final ScheduledExecutorService sync =
      Executors.newSingleThreadScheduledExecutor(
          task -> {
            Thread thread = new Thread(task, "tabby-rr-sync");
            thread.setDaemon(true);
            return thread;
          });
  private final AtomicBoolean syncPending = new AtomicBoolean();
  private final HealthServer http;
  private final ReflectorResources resources;

  private volatile String problem = "starting";
  private volatile List<String> planProblems = List.of();
  private volatile BgpSpeaker speaker;
  private InitialTables initialTables;
  private volatile PrometheusRegistry metrics;
  private ReflectorIdentity identity;
  private StateServer state;
  private boolean annotated;
  private String lastLogged;

  private Reflector(ReflectorConfig config, KubernetesClient client) throws IOException {
    this.config = config;
    this.client = client;
    this.resources = new ReflectorResources(client, this::requestSync);
    readiness
        .check("reflector", () -> problem)
        .check(
            "datastore",
            () -> resources != null && resources.synced() ? null : "informers not synced")
        .check("config", () -> planProblems.isEmpty() ? null : String.join("; ", planProblems));
    this.http = HealthServer.start(config.http(), "tabby-rr", readiness, () -> metrics, Map.of());
    sync.scheduleWithFixedDelay(this::requestSync, RETRY_SECONDS, RETRY_SECONDS, TimeUnit.SECONDS);
  }

  /**
   * Starts serving probes and following the datastore; the speaker starts once the Node says who.
   */
  static Reflector start(ReflectorConfig config, KubernetesClient client) throws IOException {
    Reflector reflector = new Reflector(config, client);
    reflector.requestSync();
    return reflector;
  }

  Readiness readiness() {
    return readiness;
  }

  /** Coalesces bursts of changes (an informer's initial list) into one sync. */
  private void requestSync() {
    if (syncPending.compareAndSet(false, true)) {
      sync.execute(
          () -> {
            syncPending.set(false);
            syncOnce();
          });
    }
  }

  private void syncOnce() {
    try {
      annotateOnce();
      if (!resources.synced()) {
        return;
      }
      Node node =
          resources
              .node(config.nodeName())
              .orElseThrow(
                  () ->
                      new ConfigException(
                          "Node "
                              + config.nodeName()
                              + " does not exist (--node-name, env NODE_NAME, must name the"
                              + " reflector's Node)"));
      ReflectorIdentity now = ReflectorIdentity.of(config, node, resources.bgpConfiguration());
      if (speaker == null) {
        startSpeaker(now);
      } else if (!now.speaker().equals(identity.speaker())) {
        logOnce(
            "event=identity-changed reason=\"router ID, AS, port or cluster ID changed to "
                + now.speaker()
                + "\" action=\"restart tabby-rr to apply; peers follow the new plan meanwhile\"");
      }
      PeerPlanner planner =
          new PeerPlanner(
              new KubernetesSecrets(client, config.secretNamespace()), resources.bgpFilters());
      PeerPlan plan =
          planner.plan(
              now.me(), resources.nodes(), resources.bgpConfiguration(), resources.bgpPeers());
      BgpSpeaker.PeerChanges changes = speaker.setPeers(plan.peers());
      initialTables.start(speaker, sync);
      if (changes.any()) {
        log.info(
            "event=peers-planned peers={} clients={} added={} removed={} restarted={}",
            plan.peers().size(),
            plan.peers().stream().filter(peer -> peer.routeReflectorClient()).count(),
            changes.added(),
            changes.removed(),
            changes.restarted());
      }
      if (!plan.problems().equals(planProblems)) {
        plan.problems().forEach(line -> log.warn("event=config-problem reason=\"{}\"", line));
      }
      planProblems = plan.problems();
      problem = null;
    } catch (ConfigException | dev.tabby.node.ConfigException e) {
      problem = e.getMessage();
      logOnce("event=waiting reason=\"" + e.getMessage() + "\"");
    } catch (RuntimeException e) {
      problem = e.toString();
      logOnce("event=sync-failed reason=\"" + e + "\" action=\"retry in " + RETRY_SECONDS + "s\"");
    }
  }

  /** Writes the flags' address and cluster ID to the Node, once it exists. */
  private void annotateOnce() {
    Map<String, String> wanted = ReflectorIdentity.annotations(config);
    if (annotated || wanted.isEmpty()) {
      return;
    }
    new NodeAnnotator(client).annotate(config.nodeName(), wanted);
    annotated = true;
    log.info("event=node-annotated node={} annotations={}", config.nodeName(), wanted);
  }

  private void startSpeaker(ReflectorIdentity now) {
    BgpSpeaker started = BgpSpeaker.start(now.speaker());
    PrometheusRegistry registry = new PrometheusRegistry();
    SessionMetrics.register(registry, started);
    Optional<StateServer> stateServer = Optional.empty();
    if (config.state().isPresent()) {
      try {
        stateServer = Optional.of(StateServer.start(config.state().get(), started));
      } catch (IOException e) {
        started.close();
        throw new ConfigException(
            "--state-address " + config.state().get() + ": cannot listen: " + e.getMessage());
      }
    }
    identity = now;
    initialTables = InitialTables.of(now.speaker(), config.gracefulRestartPeerWait());
    initialTables.ownRoutesReady(); // it originates nothing
    state = stateServer.orElse(null);
    speaker = started;
    metrics = registry;
    log.info(
        "event=reflector-started node={} router-id={} as={} cluster-id={} port={}"
            + " graceful-restart-time={}s graceful-restart-peer-wait={}s",
        config.nodeName(),
        now.speaker().routerId().getHostAddress(),
        now.speaker().localAs(),
        now.speaker().clusterId().getHostAddress(),
        now.speaker().listen().getPort(),
        now.speaker().gracefulRestart().restartTime().toSeconds(),
        config.gracefulRestartPeerWait().toSeconds());
  }

  /** Logs a line unless it is the one logged last: a retried wait is logged once. */
  private void logOnce(String line) {
    if (!line.equals(lastLogged)) {
      log.warn(line);
      lastLogged = line;
    }
  }

  @Override
  public void close() {
    sync.shutdownNow();
    try {
      sync.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    resources.close();
    if (state != null) {
      state.close();
    }
    if (speaker != null) {
      speaker.close();
    }
    http.close();
  }
}
