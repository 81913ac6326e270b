package dev.tabby.bgp.rib;

import java.util.List;

/**
 * Told of best-path changes; called on the RIB thread, so it must not block. A listener added to a
 * RIB that already holds routes is first told of every current best path, as one batch of changes.
 */
public interface BestPathListener {
  /**
   * The changes caused by a batch of processed work: one UPDATE or event, or a burst of them that
   * was queued together. At most one change per prefix, in no particular order.
   */
  void bestPathsChanged(List<BestPathChange> changes);
}
