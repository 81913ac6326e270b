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

  /** The candidate learned from {@code source} (null: originated), or null when there is none. */
  Path fromSource(PeerInfo source);

  /**
   * These candidates with {@code path} added, replacing the one from the same source; the same
   * value when that one is {@code path} already.
   */
  Candidates with(Path path);

  /**
   * These candidates without the path from {@code source}: the same value when there is none, null
   * when it was the only one.
   */
  Candidates without(PeerInfo source);
}
