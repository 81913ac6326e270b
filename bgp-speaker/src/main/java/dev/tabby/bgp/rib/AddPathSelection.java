package dev.tabby.bgp.rib;

/**
 * Which paths to a prefix go to a peer that takes several paths per prefix (ADD-PATH, RFC 7911),
 * each with a path identifier of its own.
 */
public enum AddPathSelection {
  /** Every candidate path the export rules let through. */
  ALL,
  /** The multipath (ECMP) set: the best path and those equal to it, see {@link BestPathChange}. */
  MULTIPATH
}
