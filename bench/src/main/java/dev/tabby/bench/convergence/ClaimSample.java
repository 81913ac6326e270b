package dev.tabby.bench.convergence;

import dev.tabby.bench.convergence.AgentLog.Claim;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A new node's first block: its claim, the route's arrival at every other node from the claim, and
 * the upper bound from the start of the pod's CNI ADD that made the claim.
 *
 * @param idleCores what all agents used together just before, in cores
 */
record ClaimSample(
    Claim claim,
    Instant addStarted,
    Optional<Instant> originated,
    Spread routes,
    double idleCores) {

  /** From the CNI ADD's start, which includes the pending affinity and the block's creation. */
  Duration fromAddToLast() {
    return Duration.between(addStarted, claim.at()).plus(routes.last());
  }

  Optional<Duration> toOrigination() {
    return originated.map(at -> Duration.between(claim.at(), at));
  }
}
