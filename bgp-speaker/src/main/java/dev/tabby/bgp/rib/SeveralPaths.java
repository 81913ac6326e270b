package dev.tabby.bgp.rib;

import java.util.Arrays;
import java.util.List;

/** Two or more candidate paths to one prefix, from distinct sources, the best first. */
final class SeveralPaths implements Candidates {
  private final Path[] paths;

  private SeveralPaths(Path[] paths) {
    this.paths = paths;
  }

  /** The candidate set of two paths from distinct sources. */
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
    int index = indexOfSource(source);
    return index < 0 ? null : paths[index];
  }

  @Override
  public Candidates with(Path path) {
    int existing = indexOfSource(path.source());
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
    int index = indexOfSource(source);
    if (index < 0) {
      return this;
    }
    if (paths.length == 2) {
      return paths[1 - index];
    }
    Path[] next = new Path[paths.length - 1];
    System.arraycopy(paths, 0, next, 0, index);
    System.arraycopy(paths, index + 1, next, index, paths.length - index - 1);
    return bestFirst(next);
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

  private int indexOfSource(PeerInfo source) {
    for (int i = 0; i < paths.length; i++) {
      if (paths[i].source() == source) {
        return i;
      }
    }
    return -1;
  }
}
