package dev.tabby.bgp.rib;

import java.util.List;

/** Told of best-path changes; called on the RIB thread, so it must not block. */
public interface BestPathListener {
  /** The changes caused by one processed UPDATE or event, in no particular order. */
  void bestPathsChanged(List<BestPathChange> changes);
}
