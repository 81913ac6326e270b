package dev.tabby.bgp.policy;

/** What a policy does with a route: let it through or drop it. */
public enum PolicyAction {
  ACCEPT,
  REJECT;

  @Override
  public String toString() {
    return this == ACCEPT ? "accept" : "reject";
  }
}
