package dev.tabby.controller;

import dev.tabby.ipam.IpamGarbageCollector;
import dev.tabby.ipam.PoolFinalizer;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the controller does while it leads, on one thread: the default pools when the cluster has
 * none (tried again before each validation pass until it succeeds once in the term), pool
 * validation on every change of a pool or a node and every resync interval, and IPAM housekeeping
 * (garbage collection, then the pools' finalizers) every GC interval. A term starts fresh: its
 * garbage collector remembers nothing of an earlier leader's, so every grace period counts from
 * when this leader first saw the garbage. Closing the term interrupts what runs and runs nothing
 * more.
 */
final class LeaderTerm implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LeaderTerm.class);

  private final DefaultPools defaultPools;
  private final PoolValidation validation;
  private final IpamGarbageCollector gc;
  private final PoolFinalizer finalizer;
  private final ControllerMetrics metrics;
  private final ScheduledExecutorService work =
      Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("tabby-controller-work"));
  private final AtomicBoolean validationPending = new AtomicBoolean();
  private boolean defaultPoolsSettled;

  LeaderTerm(
      DefaultPools defaultPools,
      PoolValidation validation,
      IpamGarbageCollector gc,
      PoolFinalizer finalizer,
      ControllerMetrics metrics) {
    this.defaultPools = defaultPools;
    this.validation = validation;
    this.gc = gc;
    this.finalizer = finalizer;
    this.metrics = metrics;
  }

  LeaderTerm start(ControllerConfig config) {
    long resync = config.resyncInterval().toMillis();
    long housekeeping = config.gcInterval().toMillis();
    work.scheduleWithFixedDelay(this::validate, 0, resync, TimeUnit.MILLISECONDS);
    work.scheduleWithFixedDelay(this::keepHouse, 0, housekeeping, TimeUnit.MILLISECONDS);
    return this;
  }

  /** Validates the pools soon; pokes that come while one waits share its pass. */
  void poke() {
    if (validationPending.compareAndSet(false, true)) {
      try {
        work.execute(this::validate);
      } catch (RejectedExecutionException e) {
        validationPending.set(false); // the term ended
      }
    }
  }

  private void validate() {
    validationPending.set(false);
    run(
        ControllerMetrics.POOLS,
        () -> {
          if (!defaultPoolsSettled) {
            defaultPools.createIfNone();
            defaultPoolsSettled = true;
          }
          validation.reconcileAll();
        });
  }

  private void keepHouse() {
    run(
        ControllerMetrics.HOUSEKEEPING,
        () -> {
          metrics.released(gc.runOnce());
          finalizer.reconcileAll();
        });
  }

  /** A pass that throws is logged and counted; the next one runs as scheduled. */
  private void run(String loop, Runnable pass) {
    try {
      pass.run();
      metrics.pass(loop, true);
    } catch (RuntimeException e) {
      if (work.isShutdown()) {
        return; // interrupted because the term ended
      }
      metrics.pass(loop, false);
      log.warn("event=pass-failed loop={} error=\"{}\"", loop, e.toString());
    }
  }

  @Override
  public void close() {
    work.shutdownNow();
  }
}
