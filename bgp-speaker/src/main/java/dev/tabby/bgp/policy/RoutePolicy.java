package dev.tabby.bgp.policy;

import dev.tabby.bgp.wire.PathAttributes;
import dev.tabby.net.IpPrefix;
import java.util.List;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * An import or export filter: rules tried in order, the first that matches decides; a route no rule
 * matches gets the default action. Immutable and value-equal.
 */
public record RoutePolicy(List<PolicyRule> rules, PolicyAction defaultAction) {
  /** Lets every route through unchanged. */
  public static final RoutePolicy ACCEPT_ALL = new RoutePolicy(List.of(), PolicyAction.ACCEPT);

  /** Lets nothing through. */
  public static final RoutePolicy REJECT_ALL = new RoutePolicy(List.of(), PolicyAction.REJECT);

  public RoutePolicy {
    rules = List.copyOf(rules);
    Objects.requireNonNull(defaultAction, "defaultAction");
  }

  /**
   * The attributes the route leaves this policy with, or {@code null} when it is rejected. Returns
   * the same instance when the policy changes nothing, which keeps interned attributes shared.
   */
  public PathAttributes apply(IpPrefix prefix, PathAttributes attributes) {
    for (PolicyRule rule : rules) {
      if (rule.matches(prefix, attributes)) {
        return rule.act(attributes);
      }
    }
    return defaultAction == PolicyAction.ACCEPT ? attributes : null;
  }

  /** Like "RoutePolicy[10.0.0.0/8 le 24 -> accept; default reject]". */
  @Override
  public String toString() {
    StringJoiner joiner = new StringJoiner("; ", "RoutePolicy[", "]");
    rules.forEach(rule -> joiner.add(rule.toString()));
    joiner.add("default " + defaultAction);
    return joiner.toString();
  }
}
