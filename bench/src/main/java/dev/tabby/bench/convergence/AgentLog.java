package dev.tabby.bench.convergence;

import dev.tabby.testbench.HostProcess;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a {@code tabby-node} agent's own log says about its blocks, with the agent's millisecond
 * timestamps (UTC, the same clock as the route monitors').
 */
final class AgentLog {

  /** Logged by the allocator right after the API server accepted the confirmed BlockAffinity. */
  private static final Pattern CLAIMED =
      Pattern.compile("(?m)^(\\S+) INFO\\s+BlockClaimer node \\S+ claimed block (\\S+)$");

  private static final String ORIGINATED =
      "(?m)^(\\S+) INFO\\s+BlockAdvertiser event=block-originated prefix=";

  private AgentLog() {}

  /** The agent's first block claim: when and which block. */
  static Optional<Claim> firstClaim(HostProcess agent) {
    Matcher claim = CLAIMED.matcher(agent.log());
    return claim.find()
        ? Optional.of(new Claim(Instant.parse(claim.group(1)), claim.group(2)))
        : Optional.empty();
  }

  /** When the agent handed the block to its BGP speaker to announce. */
  static Optional<Instant> originated(HostProcess agent, String block) {
    Matcher originated =
        Pattern.compile(ORIGINATED + Pattern.quote(block) + "$").matcher(agent.log());
    return originated.find() ? Optional.of(Instant.parse(originated.group(1))) : Optional.empty();
  }

  /** A block the agent claimed, and when its claim was confirmed. */
  record Claim(Instant at, String block) {}
}
