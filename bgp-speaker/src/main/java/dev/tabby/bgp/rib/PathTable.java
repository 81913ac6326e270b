package dev.tabby.bgp.rib;

import dev.tabby.bgp.wire.PathAttributes;
import java.util.HashMap;
import java.util.Map;

/**
 * The shared {@link Path}s of one source (a peer, or this speaker for originated routes): one per
 * distinct attribute set, counted by reference like the {@link AttributeInterner} whose attributes
 * they hold. Every {@link #intern} is matched by one {@link #release}; a path dropped by its last
 * holder gives its attributes back, so neither table leaks.
 *
 * <p>Not thread-safe: owned by the RIB thread.
 */
final class PathTable {
  private final PeerInfo source;
  private final AttributeInterner attributeInterner;
  private final Map<PathAttributes, Path> paths = new HashMap<>();

  /**
   * The instance last given to {@link #intern} and the path it found. An UPDATE's prefixes share
   * one decoded attribute set, so this spares a hash lookup and a deep comparison per prefix.
   */
  private PathAttributes lastInterned;

  private Path lastPath;

  /**
   * @param source the peer the paths come from; {@code null} for originated routes
   */
  PathTable(PeerInfo source, AttributeInterner attributeInterner) {
    this.source = source;
    this.attributeInterner = attributeInterner;
  }

  /** The shared path with attributes equal to {@code attributes}, counting one more holder. */
  Path intern(PathAttributes attributes) {
    // A path released by all its holders has left the table: it may not be handed out again.
    Path path =
        attributes == lastInterned && lastPath.references > 0 ? lastPath : paths.get(attributes);
    if (path == null) {
      path = new Path(attributeInterner.intern(attributes), source);
      paths.put(path.attributes(), path);
    }
    path.references++;
    lastInterned = attributes;
    lastPath = path;
    return path;
  }

  /** Gives back one reference taken by {@link #intern}. */
  void release(Path path) {
    if (paths.get(path.attributes()) != path) {
      throw new IllegalStateException("releasing a path that was never interned: " + path);
    }
    if (--path.references == 0) {
      paths.remove(path.attributes());
      attributeInterner.release(path.attributes());
    }
  }

  /**
   * Drops every path at once, whatever its count, giving back their attributes: for a peer going
   * down, whose holders are all dropped together, so they need not be released one prefix at a
   * time.
   */
  void releaseAll() {
    paths.values().forEach(path -> attributeInterner.release(path.attributes()));
    paths.clear();
    lastInterned = null;
    lastPath = null;
  }

  /** How many distinct paths are held. */
  int size() {
    return paths.size();
  }
}
