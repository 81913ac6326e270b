package dev.tabby.bgp.rib;

import dev.tabby.bgp.wire.AddressFamily;
import dev.tabby.net.IpPrefix;
import java.util.List;

/**
 * One route refresh being sent to a peer: the family's prefixes as of the request, sent a chunk at
 * a time, each chunk as its own RIB task, so other peers' UPDATEs are processed in between and the
 * peer's write buffer paces the rest.
 */
final class RefreshPass {

  final AddressFamily family;
  private final List<IpPrefix> prefixes;
  private int next;

  /** A further request came while this pass was being sent: another pass follows this one. */
  boolean again;

  RefreshPass(AddressFamily family, List<IpPrefix> prefixes) {
    this.family = family;
    this.prefixes = prefixes;
  }

  boolean done() {
    return next >= prefixes.size();
  }

  /** The next at most {@code max} prefixes. */
  List<IpPrefix> nextChunk(int max) {
    int end = Math.min(prefixes.size(), next + max);
    List<IpPrefix> chunk = prefixes.subList(next, end);
    next = end;
    return chunk;
  }

  int size() {
    return prefixes.size();
  }
}
