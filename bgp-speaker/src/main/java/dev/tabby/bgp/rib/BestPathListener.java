package dev.tabby.bgp.rib;

import java.util.List;

/**
 * Told of best-path changes; called on the RIB thread, so it must not block. A listener hears of
 * changes made after it was added; {@link Rib#locRib()} gives the state at that point.
 */
public interface BestPathListener {
  /**
   * The changes caused by a batch of processed work: one UPDATE or event, or a burst of them that
   * was queued together. At most one change per prefix, in no particular order.
   */
  void bestPathsChanged(List<BestPathChange> changes);
}
