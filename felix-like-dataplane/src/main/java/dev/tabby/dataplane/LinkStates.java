package dev.tabby.dataplane;

import java.util.HashMap;
import java.util.Map;

/**
 * Whether each interface is up (administratively and with carrier), to turn link notifications into
 * the two transitions the reconciler acts on. The monitor reports every link present when it
 * starts, so a link not seen before is a new one. Called on the monitor's thread only.
 */
final class LinkStates {
  enum Transition {
    /**
     * The link was up and went down or away. The kernel then drops the IPv4 routes through it
     * without a notification for each, so only a dump shows what is gone.
     */
    WENT_DOWN,
    /** The link came up: routes refused while it was down may be accepted now. */
    CAME_UP,
    NONE
  }

  private final Map<Integer, Boolean> up = new HashMap<>();

  Transition update(Link link, boolean deleted) {
    boolean nowUp = !deleted && link.up() && link.lowerUp();
    Boolean before = deleted ? up.remove(link.index()) : up.put(link.index(), nowUp);
    if (nowUp) {
      return Boolean.TRUE.equals(before) ? Transition.NONE : Transition.CAME_UP;
    }
    // A new link, or one already down, carries no routes to lose.
    return Boolean.TRUE.equals(before) ? Transition.WENT_DOWN : Transition.NONE;
  }
}
