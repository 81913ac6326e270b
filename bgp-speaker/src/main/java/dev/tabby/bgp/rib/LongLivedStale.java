package dev.tabby.bgp.rib;

import com.google.common.primitives.ImmutableIntArray;
import dev.tabby.bgp.wire.Communities;
import dev.tabby.bgp.wire.PathAttributes;

/**
 * The long-lived stale stage of a restarting peer's routes (RFC 9494 §4): once its graceful restart
 * time is over, a route of a family it offered long-lived graceful restart for is kept, tagged with
 * the LLGR_STALE community, as the least preferred path to its prefix, and sent only to peers that
 * negotiated long-lived graceful restart; a route tagged NO_LLGR goes instead.
 */
final class LongLivedStale {
  private LongLivedStale() {}

  /** Whether the route is long-lived stale: tagged here, or so by the peer that sent it. */
  static boolean tagged(PathAttributes attributes) {
    return attributes.communities().contains(Communities.LLGR_STALE);
  }

  /** Whether the route must not be kept as long-lived stale (NO_LLGR). */
  static boolean refused(PathAttributes attributes) {
    return attributes.communities().contains(Communities.NO_LLGR);
  }

  /** The attributes with LLGR_STALE added. */
  static PathAttributes tag(PathAttributes attributes) {
    ImmutableIntArray communities =
        ImmutableIntArray.builder(attributes.communities().length() + 1)
            .addAll(attributes.communities())
            .add(Communities.LLGR_STALE)
            .build();
    return attributes.toBuilder().communities(communities).build();
  }
}
