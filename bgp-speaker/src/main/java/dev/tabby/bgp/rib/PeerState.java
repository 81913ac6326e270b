package dev.tabby.bgp.rib;

import com.google.common.net.InetAddresses;
import dev.tabby.bgp.wire.AddressFamily;
import dev.tabby.bgp.wire.PathAttributes;
import dev.tabby.net.IpPrefix;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The RIB's per-peer state while the peer is up. Touched only on the RIB thread. */
final class PeerState {
  final PeerInfo info;
  final PeerOutbound outbound;
  final ExportGroup group;

  /**
   * The shared paths of the peer's Adj-RIB-In, one per distinct attribute set. The Adj-RIB-In
   * itself, the accepted paths after import policy, is the Loc-RIB's candidates from this peer:
   * each holds one reference to a path of this table.
   */
  final PathTable paths;

  /**
   * How many prefixes have a candidate from this peer: the size of its Adj-RIB-In in prefixes, what
   * its counters and prefix limits count.
   */
  int accepted;

  /**
   * How many candidates are from this peer: {@link #accepted} but for a peer sending several paths
   * per prefix (ADD-PATH), which has one per path identifier. The route budget counts these.
   */
  int acceptedPaths;

  /** What the peer was last sent; attributes interned, one reference each. */
  final PrefixMap<PathAttributes> adjRibOut = new PrefixMap<>();

  /**
   * What the peer was last sent of the families it takes several paths per prefix in (ADD-PATH);
   * null for a peer without any.
   */
  final AddPathAdjRibOut addPathOut;

  /**
   * Prefixes whose export to the peer was held back while its connection was not writable; the
   * Adj-RIBs-Out still say what the peer was last sent of them. Only the prefix is kept: what is
   * sent later is its state then (its best path, or with ADD-PATH its paths, each under the
   * identifier it was sent with), so a prefix changed twice meanwhile goes out once.
   */
  final Set<IpPrefix> heldBack = new LinkedHashSet<>();

  /**
   * Families whose End-of-RIB waits for the held-back routes: it must follow the initial dump, not
   * overtake it.
   */
  final Set<AddressFamily> endOfRibDue = EnumSet.noneOf(AddressFamily.class);

  /** Families the peer has sent End-of-RIB for on this session. */
  final Set<AddressFamily> endOfRibReceived = EnumSet.noneOf(AddressFamily.class);

  /** Route refreshes being sent to the peer, oldest first; at most one per family. */
  final Map<AddressFamily, RefreshPass> refreshes = new LinkedHashMap<>();

  /** Whether the current export pass holds this peer's UPDATEs back. */
  boolean holdingBack;

  /** Whether a route with our own address as its NEXT_HOP has been logged for this session. */
  boolean ownNextHopLogged;

  /** The accepted prefixes per family, against the peer's prefix limits. */
  final PrefixLimitCounter prefixLimits;

  /** Prefixes announced by the peer since it came up, accepted or not. */
  long received;

  PeerState(PeerInfo info, PeerOutbound outbound, ExportGroup group, AttributeInterner interner) {
    this.info = info;
    this.paths = new PathTable(info, interner);
    this.outbound = outbound;
    this.group = group;
    this.prefixLimits = new PrefixLimitCounter(info.prefixLimits());
    this.addPathOut = info.pathIdsSent().isEmpty() ? null : new AddPathAdjRibOut();
  }

  /** Takes up to {@code max} held-back prefixes out of {@link #heldBack}, oldest first. */
  List<IpPrefix> takeHeldBack(int max) {
    List<IpPrefix> taken = new ArrayList<>(Math.min(max, heldBack.size()));
    Iterator<IpPrefix> held = heldBack.iterator();
    while (held.hasNext() && taken.size() < max) {
      taken.add(held.next());
      held.remove();
    }
    return taken;
  }

  PeerCounters counters() {
    return new PeerCounters(
        received,
        accepted,
        adjRibOut.size() + (addPathOut == null ? 0 : addPathOut.size()),
        0,
        endOfRibReceived.containsAll(info.families()));
  }

  @Override
  public String toString() {
    return "peer " + InetAddresses.toAddrString(info.address()) + " AS" + info.peerAs();
  }
}
