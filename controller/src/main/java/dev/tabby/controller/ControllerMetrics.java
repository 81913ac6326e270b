package dev.tabby.controller;

import dev.tabby.ipam.IpamGarbageCollector;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

/** The controller's Prometheus metrics. */
final class ControllerMetrics {
  static final String POOLS = "pools";
  static final String HOUSEKEEPING = "housekeeping";

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final Counter passes;
  private final Counter releasedAddresses;
  private final Counter releasedBlocks;

  ControllerMetrics(BooleanSupplier leading, IntSupplier invalidPools) {
    GaugeWithCallback.builder()
        .name("tabby_controller_leader")
        .help("1 while this replica holds the leader Lease and acts, else 0")
        .callback(callback -> callback.call(leading.getAsBoolean() ? 1 : 0))
        .register(registry);
    GaugeWithCallback.builder()
        .name("tabby_ippools_invalid")
        .help("IPPools the last validation pass found invalid")
        .callback(callback -> callback.call(invalidPools.getAsInt()))
        .register(registry);
    passes =
        Counter.builder()
            .name("tabby_controller_passes")
            .help("Passes this replica made, by loop (pools, housekeeping) and outcome")
            .labelNames("loop", "outcome")
            .register(registry);
    releasedAddresses =
        Counter.builder()
            .name("tabby_ipam_released_addresses")
            .help("Addresses released because their pod was gone for the grace period")
            .register(registry);
    releasedBlocks =
        Counter.builder()
            .name("tabby_ipam_released_blocks")
            .help("Empty blocks given back to their pool after the grace period")
            .register(registry);
  }

  void pass(String loop, boolean ok) {
    passes.labelValues(loop, ok ? "ok" : "failed").inc();
  }

  /** How many passes of the loop this replica made, whatever their outcome. */
  long passes(String loop) {
    return (long) (passes.labelValues(loop, "ok").get() + passes.labelValues(loop, "failed").get());
  }

  void released(IpamGarbageCollector.Result result) {
    releasedAddresses.inc(result.releasedAddresses().size());
    releasedBlocks.inc(result.releasedBlocks().size());
  }

  PrometheusRegistry registry() {
    return registry;
  }
}
