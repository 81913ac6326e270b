package dev.tabby.bgp.rib;

import com.google.common.net.InetAddresses;
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

  /** Like "10.1.0.0/24 from 10.0.0.1 AS65001 PathAttributes[...]", or "... originated ...". */
  @Override
  public String toString() {
    String from =
        source == null
            ? "originated"
            : "from " + InetAddresses.toAddrString(source.address()) + " AS" + source.peerAs();
    return prefix + " " + from + " " + attributes;
  }

  /** Whether the other path is the same route: same source and same attributes. */
  boolean sameRoute(Path other) {
    return other != null
        && source == other.source
        && prefix.equals(other.prefix)
        && attributes.equals(other.attributes);
  }
}
