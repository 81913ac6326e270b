package dev.tabby.controller;

import dev.tabby.api.v1.IPPool;
import dev.tabby.health.HealthServer;
import dev.tabby.health.Readiness;
import dev.tabby.ipam.BlockReleaser;
import dev.tabby.ipam.IpamAllocator;
import dev.tabby.ipam.IpamGarbageCollector;
import dev.tabby.ipam.OnAnyChange;
import dev.tabby.ipam.PoolFinalizer;
import dev.tabby.ipam.WatchedClusterView;
import dev.tabby.ipam.store.ConflictRetry;
import dev.tabby.ipam.store.Datastore;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.IOException;
import java.time.Clock;
import java.util.Map;

/**
 * tabby-controller: every replica watches IPPools, Nodes and Pods and serves its probes and
 * metrics; only the one holding the Lease ({@link Leadership}) acts, in a {@link LeaderTerm}.
 */
public final class Controller implements AutoCloseable {
  private final ControllerConfig config;
  private final Datastore datastore;
  private final WatchedClusterView cluster;
  private final SharedIndexInformer<IPPool> pools;
  private final IpamAllocator allocator;
  private final ConflictRetry retry = ConflictRetry.standard();
  private final DefaultPools defaultPools;
  private final PoolValidation validation;
  private final ControllerMetrics metrics;
  private final HealthServer http;
  private final Leadership leadership;
  private LeaderTerm term;

  private Controller(ControllerConfig config, KubernetesClient client) throws IOException {
    this.config = config;
    this.datastore = Datastore.kubernetes(client);
    Clock clock = Clock.systemUTC();
    this.cluster = WatchedClusterView.withPods(client);
    this.allocator = new IpamAllocator(datastore, cluster, retry);
    this.defaultPools = new DefaultPools(client, config.defaultPools());
    this.validation =
        new PoolValidation(
            client,
            datastore,
            cluster,
            config,
            new PoolEvents(client, config.lease().identity(), clock),
            clock);
    this.leadership = new Leadership(client, config.lease(), this::lead, this::stopLeading);
    this.metrics = new ControllerMetrics(leadership::isLeader, validation::invalidPools);
    this.pools = client.resources(IPPool.class).inform(new OnAnyChange<>(this::poke));
    cluster.onNodeChange(this::poke);
    Readiness readiness =
        new Readiness()
            .check(
                "datastore",
                () -> cluster.synced() && pools.hasSynced() ? null : "informers not synced");
    this.http =
        HealthServer.start(
            config.http(), "tabby-controller", readiness, metrics::registry, Map.of());
  }

  /** Starts watching, serving and campaigning; acts once it leads. */
  public static Controller start(ControllerConfig config, KubernetesClient client)
      throws IOException {
    Controller controller = new Controller(config, client);
    controller.leadership.start();
    return controller;
  }

  public boolean isLeader() {
    return leadership.isLeader();
  }

  /** How many validation passes this replica made: none unless it led. */
  long validationPasses() {
    return metrics.passes(ControllerMetrics.POOLS);
  }

  private synchronized void lead() {
    IpamGarbageCollector gc =
        new IpamGarbageCollector(
            datastore,
            cluster,
            allocator,
            new BlockReleaser(datastore, retry),
            Clock.systemUTC(),
            config.gracePeriod());
    PoolFinalizer finalizer = new PoolFinalizer(datastore, new BlockReleaser(datastore, retry));
    term = new LeaderTerm(defaultPools, validation, gc, finalizer, metrics).start(config);
  }

  private synchronized void stopLeading() {
    if (term != null) {
      term.close();
      term = null;
    }
  }

  private synchronized void poke() {
    if (term != null) {
      term.poke();
    }
  }

  @Override
  public void close() {
    leadership.close();
    stopLeading();
    pools.close();
    cluster.close();
    http.close();
  }
}
