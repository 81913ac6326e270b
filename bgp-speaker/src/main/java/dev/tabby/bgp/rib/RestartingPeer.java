package dev.tabby.bgp.rib;

import com.google.common.net.InetAddresses;
import dev.tabby.bgp.wire.AddressFamily;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A peer restarting gracefully (RFC 4724 §4.2, the receiving speaker): its connection was lost, and
 * the routes its ended sessions sent stay in the Loc-RIB, marked stale, until it sends them again,
 * its End-of-RIB ends them per family, or a deadline does. Touched only on the RIB thread.
 */
final class RestartingPeer {
  final InetAddress address;

  /**
   * The ended sessions whose routes are stale, oldest first: more than one when the peer restarted
   * again before it had sent End-of-RIB.
   */
  final List<PeerState> endedSessions = new ArrayList<>(1);

  /** The families whose stale routes are still kept. */
  final Set<AddressFamily> families = EnumSet.noneOf(AddressFamily.class);

  /** How long the stale routes may wait for End-of-RIB once the peer is back. */
  final Duration staleTime;

  /**
   * Per family, how long its stale routes stay as long-lived stale (RFC 9494) once the restart time
   * is over; the other families' go then.
   */
  final Map<AddressFamily, Duration> longLivedStaleTimes = new EnumMap<>(AddressFamily.class);

  /** The families whose stale routes are long-lived stale now (see {@link LongLivedStale}). */
  final Set<AddressFamily> longLived = EnumSet.noneOf(AddressFamily.class);

  /** How often the peer came back since its connection was lost: tells deadlines apart. */
  int reconnects;

  RestartingPeer(InetAddress address, Duration staleTime) {
    this.address = address;
    this.staleTime = staleTime;
  }

  /** How many stale routes are held. */
  int staleRoutes() {
    int stale = 0;
    for (PeerState session : endedSessions) {
      stale += session.accepted;
    }
    return stale;
  }

  /** Whether one of the candidates came from one of the ended sessions. */
  boolean hasCandidateIn(Candidates candidates) {
    for (PeerState session : endedSessions) {
      if (candidates.fromSource(session.info) != null) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return "peer " + InetAddresses.toAddrString(address);
  }
}
