package dev.tabby.node;

import dev.tabby.bgp.BgpSpeaker;
import dev.tabby.dataplane.RouteReconciler;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * The agent's Prometheus metrics: gauges are read from their owners at scrape time, counters and
 * the histogram record events as they happen.
 */
public final class AgentMetrics {

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final Counter cniRequests;
  private final Histogram cniLatency;

  /**
   * @param learned how many prefixes the agent has a learned kernel route for
   * @param ownBlocks how many blocks the node holds
   * @param ownRestart the node's own graceful restart
   */
  AgentMetrics(
      BgpSpeaker speaker,
      RouteReconciler reconciler,
      IntSupplier learned,
      IntSupplier ownBlocks,
      Supplier<RestartRecovery.Status> ownRestart) {
    SessionMetrics.register(registry, speaker);
    GaugeWithCallback.builder()
        .name("tabby_bgp_graceful_restart_recovering")
        .help(
            "1 while this node restarts gracefully: an earlier run's kernel routes are kept until"
                + " every peer is back and sent End-of-RIB, or the deadline")
        .callback(callback -> callback.call(ownRestart.get().restarting() ? 1 : 0))
        .register(registry);
    GaugeWithCallback.builder()
        .name("tabby_bgp_graceful_restart_remaining_seconds")
        .help(
            "Seconds until this node's graceful restart ends at the latest; 0 when not restarting")
        .callback(callback -> callback.call(ownRestart.get().timeLeft().toSeconds()))
        .register(registry);
    GaugeWithCallback.builder()
        .name("tabby_bgp_routes_learned")
        .help("Prefixes learned from peers whose best path the agent routes")
        .callback(callback -> callback.call(learned.getAsInt()))
        .register(registry);
    GaugeWithCallback.builder()
        .name("tabby_kernel_routes_installed")
        .help("Kernel routes the agent owns (protocol 81) after the last converge")
        .callback(callback -> callback.call(reconciler.metrics().routesOwned()))
        .register(registry);
    GaugeWithCallback.builder()
        .name("tabby_kernel_route_conflicts")
        .help("Desired routes not installed because a foreign route holds their key")
        .callback(callback -> callback.call(reconciler.metrics().conflicts()))
        .register(registry);
    GaugeWithCallback.builder()
        .name("tabby_ipam_blocks")
        .help("Address blocks this node holds an affinity for")
        .callback(callback -> callback.call(ownBlocks.getAsInt()))
        .register(registry);
    cniRequests =
        Counter.builder()
            .name("tabby_cni_requests")
            .help("CNI requests served, by plugin, command and CNI error code (0: success)")
            .labelNames("plugin", "command", "code")
            .register(registry);
    cniLatency =
        Histogram.builder()
            .name("tabby_cni_request_duration_seconds")
            .help("How long the agent took to serve a CNI request")
            .labelNames("command")
            .register(registry);
  }

  /** Records one served CNI request; successful ADDs are the node's IPAM assignments. */
  public void cniServed(String plugin, String command, int errorCode, long nanos) {
    cniRequests.labelValues(plugin, command, Integer.toString(errorCode)).inc();
    cniLatency.labelValues(command).observe(nanos / 1e9);
  }

  /** The registry {@code /metrics} scrapes. */
  public PrometheusRegistry registry() {
    return registry;
  }
}
