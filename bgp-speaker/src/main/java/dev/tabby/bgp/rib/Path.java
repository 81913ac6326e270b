package dev.tabby.bgp.rib;

import com.google.common.net.InetAddresses;
import dev.tabby.bgp.wire.PathAttributes;
import dev.tabby.net.IpPrefix;
import java.util.List;
import java.util.Objects;

/**
 * A path without its prefix: (interned) attributes and where they came from. Everything the
 * decision process and the export rules look at but the prefix, so the many prefixes a peer
 * announces with one attribute set share one instance ({@link PathTable}) and the RIBs hold, per
 * prefix, only a reference to it. A million routes learned with a handful of attribute sets are a
 * handful of objects: a table load leaves nothing per prefix for the collector to copy.
 *
 * <p>A path is also the {@link Candidates} of a prefix it is the only candidate for, so the Loc-RIB
 * holds nothing more for such a prefix than a reference to the shared path.
 *
 * <p>A peer that sends several paths per prefix (ADD-PATH, RFC 7911) tells them apart by a path
 * identifier: a candidate is known by its source and {@link #pathId()}, which is 0 for every path
 * of a peer without ADD-PATH.
 *
 * <p>Immutable but for the reference count its {@link PathTable} keeps in it.
 */
final class Path implements Candidates {
  private final PathAttributes attributes;
  private final PeerInfo source;
  private final int pathId;

  /** Holders of this instance, counted by its {@link PathTable}; unused when not interned. */
  int references;

  /**
   * @param source the peer it was learned from; {@code null} when originated by this speaker
   */
  Path(PathAttributes attributes, PeerInfo source) {
    this(attributes, source, 0);
  }

  /**
   * @param pathId the path identifier its source gave it (RFC 7911); 0 without ADD-PATH
   */
  Path(PathAttributes attributes, PeerInfo source, int pathId) {
    this.attributes = Objects.requireNonNull(attributes, "attributes");
    this.source = source;
    this.pathId = pathId;
  }

  PathAttributes attributes() {
    return attributes;
  }

  /** The peer it was learned from; {@code null} when originated by this speaker. */
  PeerInfo source() {
    return source;
  }

  /** The path identifier its source gave it (ADD-PATH, RFC 7911); 0 without ADD-PATH. */
  int pathId() {
    return pathId;
  }

  /** Whether this is the candidate its source identifies by {@code pathId}. */
  boolean is(PeerInfo source, int pathId) {
    return this.source == source && this.pathId == pathId;
  }

  boolean locallyOriginated() {
    return source == null;
  }

  @Override
  public Path best() {
    return this;
  }

  @Override
  public List<Path> asList() {
    return List.of(this);
  }

  @Override
  public List<Path> multipath() {
    return List.of(this);
  }

  @Override
  public Path fromSource(PeerInfo source) {
    return this.source == source ? this : null;
  }

  @Override
  public Path find(PeerInfo source, int pathId) {
    return is(source, pathId) ? this : null;
  }

  @Override
  public boolean hasOtherFrom(PeerInfo source, int pathId) {
    return this.source == source && this.pathId != pathId;
  }

  @Override
  public Candidates with(Path path) {
    return path.is(source, pathId) ? path : SeveralPaths.of(this, path);
  }

  @Override
  public Candidates without(PeerInfo source) {
    return this.source == source ? null : this;
  }

  @Override
  public Candidates without(PeerInfo source, int pathId) {
    return is(source, pathId) ? null : this;
  }

  /** This path to the prefix, as the RIB reports it. */
  Route toRoute(IpPrefix prefix) {
    return new Route(prefix, attributes, source);
  }

  /**
   * Whether the other path is the same: same source and equal attributes. Interning makes this
   * mostly an identity check; equal attributes still count when a path was released and interned
   * again as a new instance within one flush.
   */
  boolean samePath(Path other) {
    return other == this
        || (other != null && other.is(source, pathId) && attributes.equals(other.attributes));
  }

  /** Like "from 10.0.0.1 AS65001 PathAttributes[...]", or "originated ...". */
  @Override
  public String toString() {
    return describe(source, attributes) + (pathId == 0 ? "" : " path-id " + pathId);
  }

  /** Where a path came from and its attributes, as {@link #toString()} and Route's show them. */
  static String describe(PeerInfo source, PathAttributes attributes) {
    String from =
        source == null
            ? "originated"
            : "from " + InetAddresses.toAddrString(source.address()) + " AS" + source.peerAs();
    return from + " " + attributes;
  }
}
