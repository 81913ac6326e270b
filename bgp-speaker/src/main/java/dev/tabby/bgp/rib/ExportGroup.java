package dev.tabby.bgp.rib;

import java.util.ArrayList;
import java.util.List;

/**
 * Peers with one {@link ExportProfile}: a route's exported attributes are computed and its UPDATE
 * encoded once for all of them. Touched only on the RIB thread.
 */
final class ExportGroup {
  final ExportProfile profile;
  final List<PeerState> members = new ArrayList<>();

  ExportGroup(ExportProfile profile) {
    this.profile = profile;
  }

  @Override
  public String toString() {
    return "export group " + profile + " with " + members;
  }
}
