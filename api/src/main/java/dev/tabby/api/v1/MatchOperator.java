package dev.tabby.api.v1;

/** How a filter rule compares a route's prefix with the rule's CIDR. */
public enum MatchOperator {
  /** The route is exactly the CIDR. */
  Equal,
  /** The route is not the CIDR. */
  NotEqual,
  /** The route lies inside the CIDR. */
  In,
  /** The route lies outside the CIDR. */
  NotIn
}
