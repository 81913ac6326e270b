package dev.tabby.dataplane;

import java.time.Duration;

/**
 * A snapshot of the route reconciler's counters, for the node agent to export.
 *
 * @param routesOwned routes of our protocol in the kernel after the last converge
 * @param routesAdded routes created because they became desired
 * @param routesUpdated routes replaced because their desired next hops, type or MTU changed
 * @param routesRemoved routes of ours deleted because they are no longer desired
 * @param routesRepaired routes put back after someone else deleted or changed them
 * @param conflicts desired routes not installed because a foreign route holds their key
 * @param netlinkErrors requests or dumps the kernel refused
 * @param resyncs full converges run (desired-state changes, repairs, periodic)
 * @param lastResyncDuration how long the last converge took, dump and writes included
 */
public record ReconcilerMetrics(
    long routesOwned,
    long routesAdded,
    long routesUpdated,
    long routesRemoved,
    long routesRepaired,
    long conflicts,
    long netlinkErrors,
    long resyncs,
    Duration lastResyncDuration) {}
