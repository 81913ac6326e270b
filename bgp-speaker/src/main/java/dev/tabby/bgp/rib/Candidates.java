package dev.tabby.bgp.rib;

import java.util.List;

/**
 * The candidate paths to one prefix, as the Loc-RIB holds them: most prefixes have a single path,
 * which is its own candidate set ({@link Path}), so the table holds no wrapper per prefix; two or
 * more are {@link SeveralPaths}, best first. A value is never modified in place (a change makes a
 * new one), so an earlier value stays valid to compare with. The Loc-RIB holds no value for a
 * prefix without candidates.
 */
sealed interface Candidates permits Path, SeveralPaths {
  Path best();

  /** Every candidate, best first. */
  List<Path> asList();

  /**
   * The multipath (ECMP) set: the best path and those equal to it, see {@link BestPathSelector}.
   */
  List<Path> multipath();

  /**
   * A candidate learned from {@code source} (null: originated), or null when there is none; the
   * first found when an ADD-PATH peer sent several.
   */
  Path fromSource(PeerInfo source);

  /** The candidate {@code source} identifies by {@code pathId}, or null when there is none. */
  Path find(PeerInfo source, int pathId);

  /**
   * Whether {@code source} has a candidate here besides the one it identifies by {@code pathId}
   * (only an ADD-PATH peer can).
   */
  boolean hasOtherFrom(PeerInfo source, int pathId);

  /**
   * These candidates with {@code path} added, replacing the one with the same source and path
   * identifier; the same value when that one is {@code path} already.
   */
  Candidates with(Path path);

  /**
   * These candidates without any path from {@code source}: the same value when there is none, null
   * when no other is left.
   */
  Candidates without(PeerInfo source);

  /**
   * These candidates without the path {@code source} identifies by {@code pathId}: the same value
   * when there is none, null when it was the only one.
   */
  Candidates without(PeerInfo source, int pathId);
}
