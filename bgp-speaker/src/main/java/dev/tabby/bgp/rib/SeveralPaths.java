package dev.tabby.bgp.rib;

import java.util.Arrays;
import java.util.List;

/**
 * Two or more candidate paths to one prefix, each from a distinct source or, from a peer with
 * ADD-PATH, with a distinct path identifier; the best first.
 */
final class SeveralPaths implements Candidates {
  private final Path[] paths;

  private SeveralPaths(Path[] paths) {
    this.paths = paths;
  }

  /** The candidate set of two distinct paths. */
  static SeveralPaths of(Path first, Path second) {
    return bestFirst(new Path[] {first, second});
  }

  @Override
  public Path best() {
    return paths[0];
  }

  @Override
  public List<Path> asList() {
    return List.of(paths);
  }

  @Override
  public List<Path> multipath() {
    return BestPathSelector.multipath(paths);
  }

  @Override
  public Path fromSource(PeerInfo source) {
    for (Path path : paths) {
      if (path.source() == source) {
        return path;
      }
    }
    return null;
  }

  @Override
  public boolean hasOtherFrom(PeerInfo source, int pathId) {
    for (Path path : paths) {
      if (path.source() == source && path.pathId() != pathId) {
        return true;
      }
    }
    return false;
  }

  @Override
  public Path find(PeerInfo source, int pathId) {
    int index = indexOf(source, pathId);
    return index < 0 ? null : paths[index];
  }

  @Override
  public Candidates with(Path path) {
    int existing = indexOf(path.source(), path.pathId());
    Path[] next;
    if (existing >= 0) {
      if (paths[existing] == path) {
        return this;
      }
      next = paths.clone();
      next[existing] = path;
    } else {
      next = Arrays.copyOf(paths, paths.length + 1);
      next[paths.length] = path;
    }
    return bestFirst(next);
  }

  @Override
  public Candidates without(PeerInfo source) {
    int kept = 0;
    for (Path path : paths) {
      if (path.source() != source) {
        kept++;
      }
    }
    if (kept == paths.length) {
      return this;
    }
    Path[] next = new Path[kept];
    int i = 0;
    for (Path path : paths) {
      if (path.source() != source) {
        next[i++] = path;
      }
    }
    return ofRemaining(next);
  }

  @Override
  public Candidates without(PeerInfo source, int pathId) {
    int index = indexOf(source, pathId);
    if (index < 0) {
      return this;
    }
    Path[] next = new Path[paths.length - 1];
    System.arraycopy(paths, 0, next, 0, index);
    System.arraycopy(paths, index + 1, next, index, paths.length - index - 1);
    return ofRemaining(next);
  }

  /** The candidates left after a removal: none, a lone path, or several. */
  private static Candidates ofRemaining(Path[] remaining) {
    return switch (remaining.length) {
      case 0 -> null;
      case 1 -> remaining[0];
      default -> bestFirst(remaining);
    };
  }

  private static SeveralPaths bestFirst(Path[] candidates) {
    int best = BestPathSelector.bestIndex(candidates);
    if (best > 0) {
      Path swap = candidates[0];
      candidates[0] = candidates[best];
      candidates[best] = swap;
    }
    return new SeveralPaths(candidates);
  }

  private int indexOf(PeerInfo source, int pathId) {
    for (int i = 0; i < paths.length; i++) {
      if (paths[i].is(source, pathId)) {
        return i;
      }
    }
    return -1;
  }
}
