package dev.tabby.controller;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElector;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Campaigns for leadership through a coordination.k8s.io Lease (fabric8's {@link LeaderElector}),
 * for as long as it runs: {@code onStart} runs when this replica becomes the leader, {@code onStop}
 * as soon as it stops being one (a renewal missed its deadline, another replica holds the Lease, or
 * it is closed), and then it campaigns again. Closing it gives the Lease up, so another replica
 * takes over at once rather than after the lease duration.
 */
final class Leadership implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Leadership.class);

  private final KubernetesClient client;
  private final ControllerConfig.LeaseConfig lease;
  private final Runnable onStart;
  private final Runnable onStop;
  private final ExecutorService elections =
      Executors.newSingleThreadExecutor(DaemonThreads.named("tabby-controller-election"));
  private final AtomicBoolean leading = new AtomicBoolean();
  private volatile boolean closed;
  private CompletableFuture<?> term;

  Leadership(
      KubernetesClient client,
      ControllerConfig.LeaseConfig lease,
      Runnable onStart,
      Runnable onStop) {
    this.client = client;
    this.lease = lease;
    this.onStart = onStart;
    this.onStop = onStop;
  }

  /** Starts campaigning; returns at once. */
  synchronized Leadership start() {
    campaign();
    return this;
  }

  boolean isLeader() {
    return leading.get();
  }

  /** One elector per campaign: fabric8's elector never campaigns again once it stopped leading. */
  private synchronized void campaign() {
    if (closed) {
      return;
    }
    LeaderElector elector =
        new LeaderElector(
            client,
            new LeaderElectionConfigBuilder()
                .withName("tabby-controller")
                .withLock(new LeaseLock(lease.namespace(), lease.name(), lease.identity()))
                .withLeaseDuration(lease.duration())
                .withRenewDeadline(lease.renewDeadline())
                .withRetryPeriod(lease.retryPeriod())
                .withReleaseOnCancel(true)
                .withLeaderCallbacks(
                    new LeaderCallbacks(this::started, this::stopped, this::newLeader))
                .build(),
            elections);
    log.info(
        "event=campaigning lease={}/{} identity={}",
        lease.namespace(),
        lease.name(),
        lease.identity());
    term = elector.start();
    term.whenComplete(
        (result, error) -> {
          stopped(); // the elector says so itself, unless its last renewal threw
          if (!closed) {
            campaign();
          }
        });
  }

  private void started() {
    if (leading.compareAndSet(false, true)) {
      log.info(
          "event=leader-elected lease={}/{} identity={}",
          lease.namespace(),
          lease.name(),
          lease.identity());
      onStart.run();
    }
  }

  /** fabric8 may say it twice (the Lease changed hands, then the renewal loop ended): act once. */
  private void stopped() {
    if (leading.compareAndSet(true, false)) {
      log.warn(
          "event=leadership-lost lease={}/{} identity={}: stopped acting",
          lease.namespace(),
          lease.name(),
          lease.identity());
      onStop.run();
    }
  }

  private void newLeader(String identity) {
    if (identity != null && !identity.equals(lease.identity())) {
      log.info(
          "event=leader-seen lease={}/{} leader={}", lease.namespace(), lease.name(), identity);
    }
  }

  /** Stops acting, gives the Lease up if this replica holds it, and stops campaigning. */
  @Override
  public void close() {
    CompletableFuture<?> current;
    synchronized (this) {
      closed = true;
      current = term;
    }
    if (current != null) {
      current.cancel(true); // the elector releases the Lease and calls onStopLeading
    }
    stopped();
    elections.shutdown();
  }
}
