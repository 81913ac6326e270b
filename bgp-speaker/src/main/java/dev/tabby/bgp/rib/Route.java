package dev.tabby.bgp.rib;

import com.google.common.net.InetAddresses;
import dev.tabby.bgp.wire.PathAttributes;
import dev.tabby.bgp.wire.Prefix;
import java.util.Objects;

/**
 * A path without its prefix: (interned) attributes and where they came from. Everything the
 * decision process and the export rules look at but the prefix, so the many prefixes a peer
 * announces with one attribute set share one instance ({@link RouteTable}) and the RIBs hold, per
 * prefix, only a reference to it. A million routes learned with a handful of attribute sets are a
 * handful of objects: a table load leaves nothing per prefix for the collector to copy.
 *
 * <p>Immutable but for the reference count its {@link RouteTable} keeps in it.
 */
final class Route {
  private final PathAttributes attributes;
  private final PeerInfo source;

  /** Holders of this instance, counted by its {@link RouteTable}; unused when not interned. */
  int references;

  /**
   * @param source the peer it was learned from; {@code null} when originated by this speaker
   */
  Route(PathAttributes attributes, PeerInfo source) {
    this.attributes = Objects.requireNonNull(attributes, "attributes");
    this.source = source;
  }

  PathAttributes attributes() {
    return attributes;
  }

  /** The peer it was learned from; {@code null} when originated by this speaker. */
  PeerInfo source() {
    return source;
  }

  boolean locallyOriginated() {
    return source == null;
  }

  /** The public form of this route to the prefix. */
  Path toPath(Prefix prefix) {
    return new Path(prefix, attributes, source);
  }

  /**
   * Whether the other route is the same: same source and equal attributes. Interning makes this
   * mostly an identity check; equal attributes still count when a route was released and interned
   * again as a new instance within one flush.
   */
  boolean sameRoute(Route other) {
    return other == this
        || (other != null && source == other.source && attributes.equals(other.attributes));
  }

  /** Like "from 10.0.0.1 AS65001 PathAttributes[...]", or "originated ...". */
  @Override
  public String toString() {
    return describe(source, attributes);
  }

  /** Where a route came from and its attributes, as {@link #toString()} and Path's show them. */
  static String describe(PeerInfo source, PathAttributes attributes) {
    String from =
        source == null
            ? "originated"
            : "from " + InetAddresses.toAddrString(source.address()) + " AS" + source.peerAs();
    return from + " " + attributes;
  }
}
