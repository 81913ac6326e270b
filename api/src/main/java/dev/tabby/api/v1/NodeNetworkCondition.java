package dev.tabby.api.v1;

/**
 * The Node status condition through which the agent tells the cluster whether it has the node's pod
 * network up, as Calico does: {@code NetworkUnavailable} False with reason {@code TabbyIsUp} once
 * the agent is ready, True with {@code TabbyIsDown} after it stopped cleanly.
 */
public final class NodeNetworkCondition {
  /** The condition's type, the one cloud route controllers and CNI plugins set. */
  public static final String TYPE = "NetworkUnavailable";

  /** The reason while the agent is ready (status False). */
  public static final String REASON_UP = "TabbyIsUp";

  /** The reason after the agent stopped cleanly (status True). */
  public static final String REASON_DOWN = "TabbyIsDown";

  private NodeNetworkCondition() {}
}
