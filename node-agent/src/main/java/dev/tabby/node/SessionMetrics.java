package dev.tabby.node;

import dev.tabby.bgp.BgpSpeaker;
import dev.tabby.bgp.PeerStatus;
import dev.tabby.bgp.SessionStateChange;
import dev.tabby.bgp.session.SessionState;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.EnumMap;
import java.util.Map;

/**
 * The BGP sessions' metrics: how many are in each state now (read at scrape time), and how many
 * transitions into each state there were (counted as the speaker reports them, so a session that
 * flaps between two scrapes still shows).
 */
public final class SessionMetrics {

  private final Counter transitions;

  private SessionMetrics(Counter transitions) {
    this.transitions = transitions;
  }

  /**
   * Registers the metrics of {@code speaker}'s sessions, and its per-peer ones ({@link
   * PeerMetrics}), and starts counting its transitions.
   */
  public static void register(PrometheusRegistry registry, BgpSpeaker speaker) {
    GaugeWithCallback.builder()
        .name("tabby_bgp_sessions")
        .help("BGP sessions by state")
        .labelNames("state")
        .callback(
            callback -> {
              Map<SessionState, Integer> byState = new EnumMap<>(SessionState.class);
              for (SessionState state : SessionState.values()) {
                byState.put(state, 0);
              }
              for (PeerStatus peer : speaker.peers()) {
                byState.merge(peer.state(), 1, Integer::sum);
              }
              byState.forEach((state, count) -> callback.call(count, state.toString()));
            })
        .register(registry);
    GaugeWithCallback.builder()
        .name("tabby_bgp_restarting_peers")
        .help("BGP peers restarting gracefully: their routes are kept, marked stale")
        .callback(
            callback ->
                callback.call(
                    speaker.peers().stream().filter(peer -> peer.counters().restarting()).count()))
        .register(registry);
    GaugeWithCallback.builder()
        .name("tabby_bgp_stale_routes")
        .help("Routes kept, marked stale, from peers restarting gracefully")
        .callback(
            callback ->
                callback.call(
                    speaker.peers().stream().mapToLong(peer -> peer.counters().stale()).sum()))
        .register(registry);
    Counter transitions =
        Counter.builder()
            .name("tabby_bgp_session_transitions")
            .help("BGP session FSM transitions, by the state entered")
            .labelNames("to")
            .register(registry);
    for (SessionState state : SessionState.values()) {
      transitions.labelValues(state.toString()); // every series exists from the start, at 0
    }
    speaker.addSessionListener(new SessionMetrics(transitions)::count);
    PeerMetrics.register(registry, speaker);
  }

  private void count(SessionStateChange change) {
    transitions.labelValues(change.to().toString()).inc();
  }
}
