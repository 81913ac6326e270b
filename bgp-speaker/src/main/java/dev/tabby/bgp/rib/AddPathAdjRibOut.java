package dev.tabby.bgp.rib;

import dev.tabby.bgp.wire.PathAttributes;
import dev.tabby.net.IpPrefix;

/**
 * What a peer that takes several paths per prefix (ADD-PATH, RFC 7911) was last sent: per prefix,
 * each path with the identifier we gave it. Made only for such peers; touched only on the RIB
 * thread.
 */
final class AddPathAdjRibOut {
  /**
   * One path as the peer has it.
   *
   * @param source where the path came from (null: originated), with {@code sourcePathId}, the
   *     identifier its source gave it: together they say which candidate it is
   * @param pathId the identifier we sent it with; it keeps it while it is advertised
   * @param attributes the attributes the peer was sent
   */
  record Sent(PeerInfo source, int sourcePathId, int pathId, PathAttributes attributes) {
    boolean isCandidate(Path path) {
      return path.is(source, sourcePathId);
    }
  }

  private static final Sent[] NONE = new Sent[0];

  private final PrefixMap<Sent[]> sent = new PrefixMap<>();
  private int paths;

  /** The paths the peer has to the prefix; empty when none. */
  Sent[] get(IpPrefix prefix) {
    Sent[] paths = sent.get(prefix);
    return paths == null ? NONE : paths;
  }

  /** Records what the peer now has to the prefix; an empty array forgets the prefix. */
  void put(IpPrefix prefix, Sent[] now) {
    Sent[] before = now.length == 0 ? sent.remove(prefix) : sent.put(prefix, now);
    paths += now.length - (before == null ? 0 : before.length);
  }

  /** How many paths the peer was sent, over every prefix. */
  int size() {
    return paths;
  }

  void clear() {
    sent.clear();
    paths = 0;
  }
}
