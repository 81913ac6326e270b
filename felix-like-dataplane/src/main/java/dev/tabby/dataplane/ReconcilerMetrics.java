package dev.tabby.dataplane;

import java.time.Duration;

/**
 * A snapshot of the route reconciler's counters, for the node agent to export.
 *
 * @param routesOwned routes of our protocol in the kernel, as far as the reconciler knows
 * @param routesAdded routes created because they became desired
 * @param routesUpdated routes replaced because their desired next hops, type or MTU changed
 * @param routesRemoved routes of ours deleted because they are no longer desired
 * @param routesRepaired routes put back after someone else (or the kernel, when a link went down)
 *     deleted or changed them
 * @param conflicts foreign routes found holding a desired route's key, each counted once when found
 * @param netlinkErrors requests or dumps the kernel refused (conflicts excluded)
 * @param resyncs full converges run (a dump of our routes, then the writes): periodic, after lost
 *     notifications, after a link went down or an address went away, and on request
 * @param lastResyncDuration how long the last full converge took, dump and writes included
 * @param routesInConflict desired routes not installed now because a foreign route holds their key
 * @param routesAwaitingRetry desired routes the kernel refused, waiting for their next try
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
    Duration lastResyncDuration,
    long routesInConflict,
    long routesAwaitingRetry) {}
