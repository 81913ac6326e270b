package dev.tabby.ipam.pool;

/**
 * One reason to refuse an IPPool: a machine-readable {@code reason} (the reason of the pool's
 * {@code Valid} condition and of its Event) and a message for people, naming what is wrong.
 */
public record PoolProblem(String reason, String message) {
  /** No spec, no cidr, a cidr that is not a masked prefix. */
  public static final String INVALID_CIDR = "InvalidCIDR";

  public static final String INVALID_BLOCK_SIZE = "InvalidBlockSize";
  public static final String INVALID_NODE_SELECTOR = "InvalidNodeSelector";
  public static final String OVERLAPS_POOL = "OverlapsIPPool";
  public static final String OVERLAPS_NODE_NETWORK = "OverlapsNodeNetwork";
  public static final String OVERLAPS_SERVICE_RANGE = "OverlapsServiceRange";
  public static final String OVERLAPS_LINK_LOCAL = "OverlapsLinkLocal";

  /** The cidr changed while blocks of the one served are in use: the old one is still served. */
  public static final String CIDR_CHANGE_REFUSED = "CIDRChangeRefused";
}
