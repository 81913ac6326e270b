package dev.tabby.bgp.rib;

import dev.tabby.bgp.wire.PathAttributes;
import dev.tabby.bgp.wire.Prefix;

/**
 * A route to a prefix as the RIB holds it: its (interned) attributes after import policy and where
 * it came from.
 *
 * @param source the peer it was learned from; {@code null} when originated by this speaker
 */
public record Path(Prefix prefix, PathAttributes attributes, PeerInfo source) {

  public boolean locallyOriginated() {
    return source == null;
  }

  /** Whether the other path is the same route: same source and same attributes. */
  boolean sameRoute(Path other) {
    return other != null
        && source == other.source
        && prefix.equals(other.prefix)
        && attributes.equals(other.attributes);
  }
}
