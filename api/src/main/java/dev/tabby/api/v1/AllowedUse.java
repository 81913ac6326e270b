package dev.tabby.api.v1;

/** What addresses of a pool may be used for. */
public enum AllowedUse {
  /** Pod (workload) addresses. */
  Workload,
  /** Tunnel endpoint addresses on nodes. */
  Tunnel
}
