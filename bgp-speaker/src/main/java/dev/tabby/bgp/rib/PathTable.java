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
 * <p>Paths of an ADD-PATH peer (RFC 7911) are also told apart by their path identifier; they are
 * kept in a second table, made for the first of them, so the table of a peer without ADD-PATH is as
 * it was.
 *
 * <p>Not thread-safe: owned by the RIB thread.
 */
final class PathTable {
  private final PeerInfo source;
  private final AttributeInterner attributeInterner;
  private final Map<PathAttributes, Path> paths = new HashMap<>();

  /** Paths with a path identifier other than 0; null until there is one. */
  private Map<IdentifiedPath, Path> identified;

  private record IdentifiedPath(PathAttributes attributes, int pathId) {}

  /**
   * The instance last given to {@link #intern} and the path it found. An UPDATE's prefixes share
   * one decoded attribute set, so this spares a hash lookup and a deep comparison per prefix.
   */
  private PathAttributes lastInterned;

  private int lastPathId;
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
    return intern(attributes, 0);
  }

  /** As {@link #intern(PathAttributes)}, for the path its source identifies by {@code pathId}. */
  Path intern(PathAttributes attributes, int pathId) {
    // A path released by all its holders has left the table: it may not be handed out again.
    Path path =
        attributes == lastInterned && pathId == lastPathId && lastPath.references > 0
            ? lastPath
            : lookup(attributes, pathId);
    if (path == null) {
      path = new Path(attributeInterner.intern(attributes), source, pathId);
      if (pathId == 0) {
        paths.put(path.attributes(), path);
      } else {
        if (identified == null) {
          identified = new HashMap<>();
        }
        identified.put(new IdentifiedPath(path.attributes(), pathId), path);
      }
    }
    path.references++;
    lastInterned = attributes;
    lastPathId = pathId;
    lastPath = path;
    return path;
  }

  private Path lookup(PathAttributes attributes, int pathId) {
    if (pathId == 0) {
      return paths.get(attributes);
    }
    return identified == null ? null : identified.get(new IdentifiedPath(attributes, pathId));
  }

  /** Gives back one reference taken by {@link #intern}. */
  void release(Path path) {
    if (lookup(path.attributes(), path.pathId()) != path) {
      throw new IllegalStateException("releasing a path that was never interned: " + path);
    }
    if (--path.references == 0) {
      if (path.pathId() == 0) {
        paths.remove(path.attributes());
      } else {
        identified.remove(new IdentifiedPath(path.attributes(), path.pathId()));
      }
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
    if (identified != null) {
      identified.values().forEach(path -> attributeInterner.release(path.attributes()));
      identified = null;
    }
    lastInterned = null;
    lastPath = null;
  }

  /** How many distinct paths are held. */
  int size() {
    return paths.size() + (identified == null ? 0 : identified.size());
  }
}
