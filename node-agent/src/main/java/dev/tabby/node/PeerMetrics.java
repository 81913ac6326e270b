package dev.tabby.node;

import com.google.common.net.InetAddresses;
import dev.tabby.bgp.BgpSpeaker;
import dev.tabby.bgp.PeerStatus;
import dev.tabby.bgp.PrefixLimitEvent;
import dev.tabby.bgp.wire.AddressFamily;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.function.Function;

/**
 * Per-peer metrics, labelled with the peer's address ({@code peer}) and, where the speaker counts
 * per family, the family ({@code family}, as {@code /peers} names it: {@code ipv4-unicast}): the
 * prefixes held against the prefix limits, the limits' events, and the graceful-restart state of a
 * restarting peer. Gauges are read from the speaker at scrape time; the prefix-limit events are
 * counted as the speaker reports them, so a session torn down and back between two scrapes shows,
 * and every kind of event of every family with a limit is there at zero before the first.
 */
final class PeerMetrics {

  private PeerMetrics() {}

  /** Registers {@code speaker}'s per-peer metrics and starts counting its prefix-limit events. */
  static void register(PrometheusRegistry registry, BgpSpeaker speaker) {
    GaugeWithCallback.builder()
        .name("tabby_bgp_peer_prefixes_received")
        .help("Prefixes the peer announced since its session came up, accepted or not")
        .labelNames("peer")
        .callback(
            callback -> {
              for (PeerStatus peer : speaker.peers()) {
                callback.call(peer.counters().received(), address(peer));
              }
            })
        .register(registry);
    GaugeWithCallback.builder()
        .name("tabby_bgp_peer_prefixes_accepted")
        .help("Prefixes now held from the peer after import policy, per family")
        .labelNames("peer", "family")
        .callback(
            callback -> {
              for (PeerStatus peer : speaker.peers()) {
                peer.acceptedPerFamily()
                    .forEach(
                        (family, count) -> callback.call(count, address(peer), family.toString()));
              }
            })
        .register(registry);
    GaugeWithCallback.builder()
        .name("tabby_bgp_peer_prefix_limit")
        .help("The configured prefix limit (maximum) of the peer's family")
        .labelNames("peer", "family")
        .callback(
            callback -> {
              for (PeerStatus peer : speaker.peers()) {
                peer.prefixLimits()
                    .forEach(
                        (family, limit) ->
                            callback.call(limit.maximum(), address(peer), family.toString()));
              }
            })
        .register(registry);
    secondsUntil(
        registry,
        speaker,
        "tabby_bgp_peer_prefix_limit_down_remaining_seconds",
        "Seconds the peer's session stays down after exceeding its prefix limit",
        PeerStatus::downUntil);
    GaugeWithCallback.builder()
        .name("tabby_bgp_peer_stale_routes")
        .help("Routes of the peer kept, marked stale, while it restarts gracefully")
        .labelNames("peer")
        .callback(
            callback -> {
              for (PeerStatus peer : speaker.peers()) {
                if (peer.counters().restarting()) {
                  callback.call(peer.counters().stale(), address(peer));
                }
              }
            })
        .register(registry);
    secondsUntil(
        registry,
        speaker,
        "tabby_bgp_peer_stale_remaining_seconds",
        "Seconds at most until the stale routes of the peer restarting gracefully go",
        PeerStatus::staleUntil);
    PrefixLimitEventCounts events = new PrefixLimitEventCounts();
    speaker.addPrefixLimitListener(events);
    CounterWithCallback.builder()
        .name("tabby_bgp_prefix_limit_events")
        .help(
            "Prefix-limit crossings of the peer's family: warning (the threshold reached),"
                + " exceeded (past the maximum, warn only), teardown (past the maximum, Cease"
                + " 6/1)")
        .labelNames("peer", "family", "event")
        .callback(
            // Every kind of every limited family is shown from the start, at zero until it
            // happens, so that alerts on an increase see the first one.
            callback -> {
              for (PeerStatus peer : speaker.peers()) {
                for (AddressFamily family : peer.prefixLimits().keySet()) {
                  for (PrefixLimitEvent.Kind kind : PrefixLimitEvent.Kind.values()) {
                    callback.call(
                        events.count(peer.address(), family, kind),
                        address(peer),
                        family.toString(),
                        kind.name().toLowerCase(Locale.ROOT));
                  }
                }
              }
            })
        .register(registry);
  }

  /** A per-peer gauge of the seconds left until {@code until} (present only while it is set). */
  private static void secondsUntil(
      PrometheusRegistry registry,
      BgpSpeaker speaker,
      String name,
      String help,
      Function<PeerStatus, Instant> until) {
    GaugeWithCallback.builder()
        .name(name)
        .help(help)
        .labelNames("peer")
        .callback(
            callback -> {
              Instant now = Instant.now();
              for (PeerStatus peer : speaker.peers()) {
                Instant end = until.apply(peer);
                if (end != null) {
                  long left = Math.max(0, Duration.between(now, end).toSeconds());
                  callback.call(left, address(peer));
                }
              }
            })
        .register(registry);
  }

  private static String address(PeerStatus peer) {
    return InetAddresses.toAddrString(peer.address());
  }
}
