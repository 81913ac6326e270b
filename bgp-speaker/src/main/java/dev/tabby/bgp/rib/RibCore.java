package dev.tabby.bgp.rib;

import com.google.common.net.InetAddresses;
import dev.tabby.bgp.logging.LogRateLimiter;
import dev.tabby.bgp.wire.AddressFamily;
import dev.tabby.bgp.wire.NotificationCodes;
import dev.tabby.bgp.wire.NotificationMessage;
import dev.tabby.bgp.wire.PathAttributes;
import dev.tabby.bgp.wire.UpdateMessage;
import dev.tabby.net.IpPrefix;
import io.netty.buffer.ByteBufAllocator;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RIBs and the decision process, single-threaded: Adj-RIB-In and Adj-RIB-Out per peer, the
 * Loc-RIB, originated routes. {@link Rib} runs every call on its one thread; tests may drive this
 * class directly.
 *
 * <p>Changes are collected and acted upon in {@link #flush()}: the best path of every touched
 * prefix is compared with what it was before, listeners hear of the differences, and the peers'
 * Adj-RIBs-Out follow in one batched export pass.
 */
final class RibCore {
  private static final Logger log = LoggerFactory.getLogger(RibCore.class);

  private final ImportFilter importFilter;
  private final LogRateLimiter warnings = new LogRateLimiter();
  private final Exporter exporter;
  private final AddPathExporter addPathExporter;
  private final AttributeInterner interner = new AttributeInterner();

  /** Per prefix, its {@link Candidates}: never modified in place, so old values can be kept. */
  private final PrefixMap<Candidates> locRib = new PrefixMap<>();

  private final PathTable originatedPaths;
  private final Map<InetAddress, PeerState> peers = new LinkedHashMap<>();
  private final Map<ExportProfile, ExportGroup> groups = new HashMap<>();
  private final List<BestPathListener> listeners = new ArrayList<>();

  /** Peers restarting gracefully, by address: the routes of their ended sessions are stale. */
  private final Map<InetAddress, RestartingPeer> restarting = new HashMap<>();

  /** Whether initial tables wait for {@link #holdInitialDumps}(false). */
  private boolean holdingInitialDumps;

  /** Peers that came up since the last flush and have not been sent the table yet. */
  private final List<PeerState> awaitingInitialDump = new ArrayList<>();

  /** Written by the RIB thread at each flush, read by any thread. */
  private volatile Map<InetAddress, PeerCounters> publishedCounters = Map.of();

  /** Per established peer, its accepted prefixes per family; published with the counters. */
  private volatile Map<InetAddress, Map<AddressFamily, Long>> publishedAcceptedPerFamily = Map.of();

  /** See {@link RouteBudget}; compared with {@link #budgetUsed()}. */
  private long routeBudget = RouteBudget.forThisHeap();

  /** Paths held: every peer's accepted ones and the originated ones. */
  private long routesHeld;

  /**
   * Peers torn down for the route budget or their prefix limit whose session has not ended yet:
   * their queued UPDATEs are dropped without a word.
   */
  private final Set<InetAddress> tornDownForALimit = new HashSet<>();

  /** Prefixes changed since the last flush, with their candidates before the first change. */
  private final ChangedPrefixes changed = new ChangedPrefixes();

  RibCore(
      Inet4Address localRouterId,
      long localAs,
      Inet4Address clusterId,
      ByteBufAllocator allocator) {
    this.importFilter = new ImportFilter(localRouterId, localAs, clusterId);
    ExportRules exportRules = new ExportRules(clusterId);
    this.exporter = new Exporter(exportRules, interner, allocator);
    this.addPathExporter = new AddPathExporter(exportRules, allocator);
    this.originatedPaths = new PathTable(null, interner);
  }

  void removeListener(BestPathListener listener) {
    listeners.remove(listener);
  }

  /**
   * Adds a listener and brings it up to date: it is first told of every current best path, as
   * changes, so it needs no separate snapshot.
   */
  void addListener(BestPathListener listener) {
    flush();
    listeners.add(listener);
    if (locRib.isEmpty()) {
      return;
    }
    List<BestPathChange> current = new ArrayList<>(locRib.size());
    locRib.forEach(
        (prefix, candidates) ->
            current.add(
                new BestPathChange(
                    prefix,
                    candidates.best().toRoute(prefix),
                    routes(prefix, candidates.multipath()))));
    notify(listener, List.copyOf(current));
  }

  /**
   * A peer reached Established: at the next flush it gets the whole Adj-RIB-Out, then End-of-RIB
   * per family. Peers that come up together (a reflector restarting) share one encoding per group.
   */
  void peerUp(PeerInfo info, PeerOutbound outbound) {
    tornDownForALimit.remove(info.address());
    if (peers.containsKey(info.address())) {
      log.warn("{} came up while still up; dropping its old state first", name(info));
      peerDown(info.address());
    }
    ExportGroup group = groups.computeIfAbsent(ExportProfile.of(info), ExportGroup::new);
    PeerState peer = new PeerState(info, outbound, group, interner);
    group.members.add(peer);
    peers.put(info.address(), peer);
    awaitingInitialDump.add(peer);
    log.info("{} up ({}BGP, families {})", peer, info.ibgp() ? "i" : "e", info.families());
  }

  /**
   * A peer reached Established after a graceful restart's lost connection: the stale routes of the
   * families it did not keep forwarding state for (RFC 4724 §4.2, the F bit) go now; the others
   * wait for its End-of-RIB.
   *
   * @return the restart whose stale routes still wait, for its stale-routes deadline; null if none
   */
  RestartingPeer peerUp(PeerInfo info, PeerOutbound outbound, Set<AddressFamily> forwardingKept) {
    peerUp(info, outbound);
    RestartingPeer restart = restarting.get(info.address());
    if (restart == null) {
      return null;
    }
    restart.reconnects++;
    Set<AddressFamily> notKept = EnumSet.copyOf(restart.families);
    notKept.removeIf(family -> forwardingKept.contains(family) && info.families().contains(family));
    int flushed = flushStale(restart, notKept);
    log.info(
        "peer={} event=graceful-restart-reconnected stale-routes={} flushed={} waiting-for=\"End-of-RIB"
            + " of {} within {}s\"",
        InetAddresses.toAddrString(info.address()),
        restart.staleRoutes(),
        flushed,
        restart.families,
        restart.staleTime.toSeconds());
    return restarting.get(info.address()) == restart ? restart : null;
  }

  /**
   * A peer that can restart gracefully lost its connection (RFC 4724 §4.2): its routes of {@code
   * keep} stay, marked stale, until it sends them again, its End-of-RIB or {@link
   * #restartDeadline}; the others are withdrawn. A peer that is not up, or keeps no family, goes
   * down as usual.
   *
   * @param staleTime how long the stale routes may wait for End-of-RIB once the peer is back
   * @return the restart, for its deadline; null when nothing is kept
   */
  RestartingPeer peerLost(
      InetAddress address, Set<AddressFamily> keep, Duration restartTime, Duration staleTime) {
    return peerLost(address, keep, restartTime, staleTime, Map.of());
  }

  /**
   * As {@link #peerLost(InetAddress, Set, Duration, Duration)}, and the routes of the families of
   * {@code longLived} stay as long-lived stale (RFC 9494) for their time once the restart time is
   * over ({@link #restartDeadline}); at once for a family not in {@code keep}, or when the restart
   * time is zero.
   */
  RestartingPeer peerLost(
      InetAddress address,
      Set<AddressFamily> keep,
      Duration restartTime,
      Duration staleTime,
      Map<AddressFamily, Duration> longLived) {
    PeerState peer = peers.get(address);
    Set<AddressFamily> kept = EnumSet.noneOf(AddressFamily.class);
    if (!restartTime.isZero()) {
      kept.addAll(keep);
    }
    Set<AddressFamily> longLivedAtOnce = EnumSet.noneOf(AddressFamily.class);
    longLivedAtOnce.addAll(longLived.keySet());
    longLivedAtOnce.removeAll(kept);
    kept.addAll(longLived.keySet());
    if (peer != null) {
      kept.retainAll(peer.info.families());
      longLivedAtOnce.retainAll(peer.info.families());
    }
    if (peer == null || kept.isEmpty()) {
      peerDown(address);
      return null;
    }
    peers.remove(address);
    detach(peer);
    RestartingPeer restart = new RestartingPeer(address, staleTime);
    RestartingPeer earlier = restarting.put(address, restart);
    if (earlier != null) {
      // Lost again before its End-of-RIB: what the earlier sessions sent and this one did not is
      // still stale.
      restart.endedSessions.addAll(earlier.endedSessions);
    }
    restart.endedSessions.add(peer);
    restart.families.addAll(kept);
    longLived.forEach(
        (family, time) -> {
          if (kept.contains(family)) {
            restart.longLivedStaleTimes.put(family, time);
          }
        });
    int withdrawn = flushStale(restart, EnumSet.complementOf(EnumSet.copyOf(kept)));
    log.info(
        "peer={} event=graceful-restart-begin stale-routes={} families={} withdrawn={}"
            + " restart-time={}s",
        InetAddresses.toAddrString(address),
        restart.staleRoutes(),
        kept,
        withdrawn,
        restartTime.toSeconds());
    if (!longLivedAtOnce.isEmpty()) {
      enterLongLived(restart, longLivedAtOnce);
    }
    return restart;
  }

  /**
   * The restart's deadline passed: its peer did not come back, or did not send End-of-RIB, in time,
   * and every stale route goes, but the long-lived stale ones, which wait for End-of-RIB or their
   * own {@link #longLivedDeadline} (RFC 9494 §4.2), and those of a peer that did not come back
   * whose families have a long-lived stale time: they become long-lived stale now. Nothing happens
   * when the restart has ended, or the peer reconnected, since the deadline was set ({@code
   * reconnects} then).
   *
   * @return the families that became long-lived stale, for their {@link #longLivedDeadline}
   */
  Set<AddressFamily> restartDeadline(RestartingPeer restart, int reconnects, String what) {
    if (restarting.get(restart.address) != restart || restart.reconnects != reconnects) {
      return Set.of();
    }
    Set<AddressFamily> longLived = EnumSet.noneOf(AddressFamily.class);
    Set<AddressFamily> flushing = EnumSet.copyOf(restart.families);
    flushing.removeAll(restart.longLived);
    if (restart.reconnects == 0) {
      for (AddressFamily family : restart.longLivedStaleTimes.keySet()) {
        if (flushing.remove(family)) {
          longLived.add(family);
        }
      }
    }
    int flushed = flushStale(restart, flushing);
    log.warn(
        "peer={} event=graceful-restart-deadline reason=\"{}\" flushed={}",
        InetAddresses.toAddrString(restart.address),
        what,
        flushed);
    if (!longLived.isEmpty()) {
      enterLongLived(restart, longLived);
    }
    return longLived;
  }

  /**
   * Keeps the restart's stale routes of the families as long-lived stale (see {@link
   * LongLivedStale}): each is tagged LLGR_STALE, or withdrawn when it carries NO_LLGR.
   */
  private void enterLongLived(RestartingPeer restart, Set<AddressFamily> families) {
    int tagged = 0;
    int dropped = 0;
    for (IpPrefix prefix : locRib.prefixesWhere(restart::hasCandidateIn)) {
      if (!families.contains(AddressFamily.of(prefix))) {
        continue;
      }
      for (PeerState session : restart.endedSessions) {
        Candidates candidates = locRib.get(prefix);
        // A peer with ADD-PATH may have left several paths to the prefix: each one ages alike.
        for (Path stale : candidates == null ? List.<Path>of() : candidates.asList()) {
          if (stale.source() != session.info || LongLivedStale.tagged(stale.attributes())) {
            continue;
          }
          if (LongLivedStale.refused(stale.attributes())) {
            withdrawFrom(session, prefix, stale.pathId());
            dropped++;
          } else {
            Path longLived =
                session.paths.intern(LongLivedStale.tag(stale.attributes()), stale.pathId());
            session.paths.release(previous(putCandidate(prefix, longLived), longLived));
            tagged++;
          }
        }
      }
      if (changed.size() >= Rib.MAX_CHANGES_PER_FLUSH) {
        flush();
      }
    }
    restart.longLived.addAll(families);
    Map<AddressFamily, Long> seconds = new LinkedHashMap<>();
    families.forEach(f -> seconds.put(f, restart.longLivedStaleTimes.get(f).toSeconds()));
    log.info(
        "peer={} event=long-lived-stale-begin stale-time={} tagged={} dropped-no-llgr={}",
        InetAddresses.toAddrString(restart.address),
        seconds,
        tagged,
        dropped);
  }

  /**
   * The long-lived stale time of the family is over: its stale routes go, if the restart still
   * keeps them.
   */
  void longLivedDeadline(RestartingPeer restart, AddressFamily family) {
    if (restarting.get(restart.address) != restart || !restart.longLived.contains(family)) {
      return;
    }
    int flushed = flushStale(restart, EnumSet.of(family));
    log.warn(
        "peer={} event=long-lived-stale-deadline family={} flushed={}",
        InetAddresses.toAddrString(restart.address),
        family,
        flushed);
  }

  /** The peer's End-of-RIB of the family ends its restart there: what is still stale goes. */
  private void endOfRibReceived(PeerState peer, AddressFamily family) {
    peer.endOfRibReceived.add(family);
    RestartingPeer restart = restarting.get(peer.info.address());
    if (restart == null || !restart.families.contains(family)) {
      log.debug("{} sent End-of-RIB for {}", peer, family);
      return;
    }
    int flushed = flushStale(restart, EnumSet.of(family));
    log.info(
        "peer={} event=graceful-restart-end-of-rib family={} flushed={} still-stale={}",
        InetAddresses.toAddrString(peer.info.address()),
        family,
        flushed,
        restart.staleRoutes());
  }

  /**
   * Withdraws the restart's stale routes of the families and forgets those families; the restart
   * ends when none is left. Returns how many routes went.
   */
  private int flushStale(RestartingPeer restart, Set<AddressFamily> families) {
    int flushed = 0;
    if (!families.isEmpty()) {
      List<IpPrefix> prefixes = locRib.prefixesWhere(restart::hasCandidateIn);
      for (IpPrefix prefix : prefixes) {
        if (families.contains(AddressFamily.of(prefix))) {
          flushed += dropStale(restart, prefix);
          if (changed.size() >= Rib.MAX_CHANGES_PER_FLUSH) {
            flush();
          }
        }
      }
      restart.families.removeAll(families);
      restart.longLived.removeAll(families);
    }
    if (restart.families.isEmpty() && restarting.get(restart.address) == restart) {
      restarting.remove(restart.address);
      restart.endedSessions.forEach(session -> session.paths.releaseAll());
      log.info("peer={} event=graceful-restart-done", InetAddresses.toAddrString(restart.address));
    }
    return flushed;
  }

  /** Withdraws the restart's stale routes to the prefix; returns how many went (0 or more). */
  private int dropStale(RestartingPeer restart, IpPrefix prefix) {
    Candidates candidates = locRib.get(prefix);
    if (candidates == null) {
      return 0;
    }
    int dropped = 0;
    for (PeerState session : restart.endedSessions) {
      // An ADD-PATH peer's session may have left several paths to the prefix.
      for (Path path : candidates.asList()) {
        if (path.source() == session.info && withdrawFrom(session, prefix, path.pathId())) {
          dropped++;
        }
      }
    }
    return dropped;
  }

  /** A peer's session ended: its paths are withdrawn and best paths reselected. */
  void peerDown(InetAddress address) {
    tornDownForALimit.remove(address);
    RestartingPeer restart = restarting.get(address);
    if (restart != null) {
      int flushed = flushStale(restart, EnumSet.copyOf(restart.families));
      log.info(
          "peer={} event=graceful-restart-abandoned flushed={}",
          InetAddresses.toAddrString(address),
          flushed);
    }
    PeerState peer = peers.remove(address);
    if (peer == null) {
      log.debug("peer {} went down but was not up", InetAddresses.toAddrString(address));
      return;
    }
    awaitingInitialDump.remove(peer);
    log.info("{} down: withdrawing its {} paths", peer, peer.acceptedPaths);
    // Collected first: removing entries while walking the map would move later ones under the walk.
    List<IpPrefix> learned = locRib.prefixesWhere(c -> c.fromSource(peer.info) != null);
    for (IpPrefix prefix : learned) {
      removeCandidate(prefix, peer.info);
      // A full table's withdrawal goes out in flushes of the usual size, as a load comes in: one
      // flush of a million changes held them all in memory at once, some 100 MB, and gave
      // listeners (the dataplane) a million at once.
      if (changed.size() >= Rib.MAX_CHANGES_PER_FLUSH) {
        flush();
      }
    }
    routesHeld -= peer.acceptedPaths;
    peer.acceptedPaths = 0;
    peer.accepted = 0;
    peer.paths.releaseAll();
    detach(peer);
  }

  /** Takes a peer that is no longer up out of the export groups, releasing its Adj-RIB-Out. */
  private void detach(PeerState peer) {
    awaitingInitialDump.remove(peer);
    peer.adjRibOut.forEach((prefix, attributes) -> interner.release(attributes));
    peer.adjRibOut.clear();
    if (peer.addPathOut != null) {
      peer.addPathOut.clear();
    }
    peer.group.members.remove(peer);
    if (peer.group.members.isEmpty()) {
      groups.remove(peer.group.profile);
    }
  }

  /** Applies an UPDATE received from a peer. */
  void update(InetAddress address, UpdateMessage update) {
    PeerState peer = peers.get(address);
    if (peer == null) {
      if (!tornDownForALimit.contains(address)) {
        log.warn(
            "dropping UPDATE from {}: the peer is not up", InetAddresses.toAddrString(address));
      }
      return;
    }
    if (update.endOfRib().isPresent()) {
      endOfRibReceived(peer, update.endOfRib().get());
      return;
    }
    update.treatAsWithdrawReason().ifPresent(reason -> warnTreatAsWithdraw(peer, reason));
    // What a restarting peer sends again, or withdraws, replaces its stale route in the same flush,
    // so the best path moves from one to the other without a gap.
    RestartingPeer restart = restarting.isEmpty() ? null : restarting.get(address);
    List<IpPrefix> withdrawn = update.withdrawn();
    for (int i = 0; i < withdrawn.size(); i++) {
      IpPrefix prefix = withdrawn.get(i);
      withdrawFrom(peer, prefix, update.withdrawnPathId(i));
      if (restart != null) {
        dropStale(restart, prefix);
      }
    }
    for (UpdateMessage.Reach reach : update.reach()) {
      locRib.touch(reach.prefixes());
      PathAttributes screened =
          nextHopIsOurs(peer, reach.attributes())
              ? null
              : importFilter.screen(peer.info, reach.attributes());
      List<IpPrefix> prefixes = reach.prefixes();
      for (int i = 0; i < prefixes.size(); i++) {
        IpPrefix prefix = prefixes.get(i);
        int pathId = reach.pathId(i);
        peer.received++;
        if (restart != null) {
          dropStale(restart, prefix);
        }
        PathAttributes accepted =
            screened == null || !peer.info.families().contains(AddressFamily.of(prefix))
                ? null
                : importFilter.applyPolicy(peer.info, prefix, screened);
        if (accepted == null) {
          // A route that is not accepted replaces (implicitly withdraws) an earlier one.
          withdrawFrom(peer, prefix, pathId);
        } else if (budgetUsed() >= routeBudget && !hasCandidate(prefix, peer.info, pathId)) {
          tearDownOverBudget(peer, AddressFamily.of(prefix));
          return;
        } else if (acceptFrom(peer, prefix, pathId, accepted)
            && tornDownByPrefixLimit(peer, prefix)) {
          return;
        }
      }
    }
  }

  /**
   * Checks the peer's prefix limit of the prefix's family after one more prefix was accepted: logs
   * the warning threshold once, and past the maximum warns or ends the session with Cease 6/1 (RFC
   * 4486), withdrawing the peer's routes as on any session end.
   *
   * @return true when the session was torn down
   */
  private boolean tornDownByPrefixLimit(PeerState peer, IpPrefix prefix) {
    AddressFamily family = AddressFamily.of(prefix);
    PrefixLimitCounter.Crossing crossing = peer.prefixLimits.added(family);
    if (crossing == PrefixLimitCounter.Crossing.NONE) {
      return false;
    }
    PrefixLimit limit = peer.prefixLimits.limit(family);
    String address = InetAddresses.toAddrString(peer.info.address());
    long count = peer.prefixLimits.count(family);
    peer.outbound.prefixLimitCrossed(
        family, crossing == PrefixLimitCounter.Crossing.EXCEEDED, count, limit);
    if (crossing == PrefixLimitCounter.Crossing.WARNING) {
      log.warn(
          "peer={} event=prefix-limit-warning family={} prefixes={} maximum={} warning-percent={}",
          address,
          family,
          count,
          limit.maximum(),
          limit.warningPercent());
      return false;
    }
    if (limit.action() == PrefixLimit.Action.WARN) {
      log.warn(
          "peer={} event=prefix-limit-exceeded family={} prefixes={} maximum={} action=\"warn only,"
              + " routes kept; not logged again this session\"",
          address,
          family,
          count,
          limit.maximum());
      return false;
    }
    log.warn(
        "peer={} event=prefix-limit-exceeded family={} prefixes={} maximum={} action=\"Cease 6/1"
            + " (Maximum Number of Prefixes Reached), routes withdrawn, session down for {}s\"",
        address,
        family,
        count,
        limit.maximum(),
        limit.restartInterval().toSeconds());
    peer.outbound.closeAndStayDown(
        maximumPrefixesReached(family, limit.maximum()),
        "more than " + limit.maximum() + " " + family + " prefixes",
        limit.restartInterval());
    peerDown(peer.info.address());
    tornDownForALimit.add(peer.info.address());
    return true;
  }

  /**
   * RFC 4271 §6.3: a NEXT_HOP that is the receiving speaker's own address is semantically
   * incorrect, and the route must not be used (it would point the route at ourselves). Such routes
   * are ignored, as if not sent; logged once per session, since a peer that sends one sends many.
   */
  private boolean nextHopIsOurs(PeerState peer, PathAttributes attributes) {
    if (attributes.nextHop() == null || !attributes.nextHop().equals(peer.info.localAddress())) {
      return false;
    }
    if (!peer.ownNextHopLogged) {
      peer.ownNextHopLogged = true;
      log.warn(
          "peer={} event=next-hop-is-ours next-hop={} action=\"routes ignored (RFC 4271 6.3);"
              + " further ones from this session are not logged\"",
          InetAddresses.toAddrString(peer.info.address()),
          InetAddresses.toAddrString(attributes.nextHop()));
    }
    return true;
  }

  /** Sets the {@link RouteBudget}: how many routes may be held. */
  void routeBudget(long routes) {
    routeBudget = routes;
  }

  long routeBudget() {
    return routeBudget;
  }

  /** What the RIB holds, in routes: see {@link RouteBudget}. */
  private long budgetUsed() {
    return routesHeld + (long) RouteBudget.ATTRIBUTE_SET_WEIGHT * interner.size();
  }

  /**
   * The peer's UPDATE would take the RIB past its budget: the peer's session ends with Cease 6/1
   * (RFC 4486) and its routes go at once, which gives their memory back; every other peer goes on.
   */
  private void tearDownOverBudget(PeerState peer, AddressFamily family) {
    String reason = "the speaker's route budget of " + routeBudget + " routes is spent";
    log.warn(
        "peer={} event=route-budget-exceeded budget={} held={} attribute-sets={} action=\"Cease"
            + " 6/1 (Maximum Number of Prefixes Reached), routes withdrawn\"",
        InetAddresses.toAddrString(peer.info.address()),
        routeBudget,
        routesHeld,
        interner.size());
    peer.outbound.close(maximumPrefixesReached(family, routeBudget), reason);
    peerDown(peer.info.address());
    tornDownForALimit.add(peer.info.address());
  }

  /** RFC 4486's Cease 6/1, with its optional data: the family (AFI, SAFI) and the upper bound. */
  private static NotificationMessage maximumPrefixesReached(AddressFamily family, long bound) {
    ByteBuffer data = ByteBuffer.allocate(7);
    data.putShort((short) family.afi());
    data.put((byte) family.safi());
    data.putInt((int) Math.min(bound, 0xFFFF_FFFFL));
    return new NotificationMessage(
        NotificationCodes.CEASE,
        NotificationCodes.MAXIMUM_NUMBER_OF_PREFIXES_REACHED,
        data.array());
  }

  /** Once per peer and cause (the reason up to its first colon) and interval, with a count. */
  private void warnTreatAsWithdraw(PeerState peer, String reason) {
    int colon = reason.indexOf(':');
    String cause = colon < 0 ? reason : reason.substring(0, colon);
    long repeats = warnings.admit(InetAddresses.toAddrString(peer.info.address()) + " " + cause);
    if (repeats >= 0) {
      log.warn("UPDATE from {}: {}{}", peer, reason, LogRateLimiter.repeats(repeats));
    }
  }

  /** The peer asked for our routes again (RFC 2918): resend its whole Adj-RIB-Out of the family. */
  void routeRefresh(InetAddress address, AddressFamily family) {
    PeerState peer = peers.get(address);
    if (peer == null || !peer.info.families().contains(family)) {
      log.warn(
          "ignoring route refresh for {} from {}: no such established peer and family",
          family,
          InetAddresses.toAddrString(address));
      return;
    }
    flush();
    RefreshPass running = peer.refreshes.get(family);
    if (running != null) {
      if (!running.again) {
        log.info(
            "{} asked for a route refresh of {} while one is sent: another follows it",
            peer,
            family);
      }
      running.again = true;
      return;
    }
    log.info("{} asked for a route refresh of {}", peer, family);
    peer.refreshes.put(family, newRefreshPass(family));
  }

  /**
   * Sends the next chunk of each route refresh whose peer's connection can take it (see {@link
   * RefreshPass}).
   *
   * @return whether a writable peer still has refresh work: call again, after other work
   */
  boolean continueRefreshes() {
    boolean more = false;
    for (PeerState peer : peers.values()) {
      if (peer.refreshes.isEmpty() || !peer.outbound.writable()) {
        continue;
      }
      RefreshPass pass = peer.refreshes.values().iterator().next();
      sendRefreshChunk(peer, pass.nextChunk(Exporter.HELD_BACK_CHUNK));
      if (pass.done()) {
        peer.refreshes.remove(pass.family);
        log.info("{} sent the route refresh of {}: {} prefixes", peer, pass.family, pass.size());
        if (pass.again) {
          peer.refreshes.put(pass.family, newRefreshPass(pass.family));
        }
      }
      more |= !peer.refreshes.isEmpty() && peer.outbound.writable();
    }
    return more;
  }

  private RefreshPass newRefreshPass(AddressFamily family) {
    List<IpPrefix> prefixes = new ArrayList<>();
    locRib.forEachInPrefixOrder(family, (prefix, candidates) -> prefixes.add(prefix));
    return new RefreshPass(family, prefixes);
  }

  /**
   * Sends the current best paths of {@code chunk} again: forgetting what the peer was sent of them
   * makes the export send each one. Only the chunk's entries are forgotten, so the Adj-RIB-Out
   * stays true for every other prefix (a withdrawal meanwhile still reaches the peer).
   */
  private void sendRefreshChunk(PeerState peer, List<IpPrefix> chunk) {
    for (IpPrefix prefix : chunk) {
      interner.release(peer.adjRibOut.remove(prefix));
    }
    exportTo(peer, chunk, true);
  }

  /**
   * Exports the current state of the prefixes to one peer: best paths, and the paths of its
   * ADD-PATH families.
   *
   * @param resend also announce again the ADD-PATH paths the peer has already (a route refresh)
   */
  private void exportTo(PeerState peer, List<IpPrefix> prefixes, boolean resend) {
    List<Path> best = new ArrayList<>(prefixes.size());
    for (IpPrefix prefix : prefixes) {
      best.add(bestAt(prefix));
    }
    List<PeerState> receiver = List.of(peer);
    exporter.export(prefixes, best, receiver);
    addPathExporter.export(prefixes, locRib::get, receiver, resend);
  }

  /**
   * The peer's connection can take more again: it is sent the current state of what was held back
   * for it, a chunk at a time and only while its connection stays writable, so the bytes queued for
   * it stay near its write buffer's high watermark; what is left waits for the next writable event.
   */
  void peerWritable(InetAddress address) {
    PeerState peer = peers.get(address);
    if (peer == null || peer.heldBack.isEmpty()) {
      return;
    }
    log.debug("{} writable again: {} prefixes held back", peer, peer.heldBack.size());
    while (!peer.heldBack.isEmpty() && peer.outbound.writable()) {
      exportTo(peer, peer.takeHeldBack(Exporter.HELD_BACK_CHUNK), false);
    }
    if (peer.heldBack.isEmpty()) {
      peer.endOfRibDue.forEach(family -> exporter.sendEndOfRib(peer, family));
      peer.endOfRibDue.clear();
    }
  }

  /** Ends the peer's initial dump of the family, once nothing of it is held back any more. */
  private void endOfRib(PeerState peer, AddressFamily family) {
    if (peer.heldBack.isEmpty()) {
      exporter.sendEndOfRib(peer, family);
    } else {
      peer.endOfRibDue.add(family);
    }
  }

  /** Originates (or replaces) a route of this speaker. */
  void originate(IpPrefix prefix, PathAttributes attributes) {
    Path path = originatedPaths.intern(attributes);
    Path previous = previous(putCandidate(prefix, path), path);
    if (previous != null) {
      originatedPaths.release(previous);
    } else {
      routesHeld++;
    }
  }

  void withdrawOriginated(IpPrefix prefix) {
    Path previous = removeCandidate(prefix, null);
    if (previous != null) {
      originatedPaths.release(previous);
      routesHeld--;
    }
  }

  /**
   * Acts on everything changed since the last flush: tells listeners of changed best paths and
   * multipath sets, exports changed best paths to every peer, and sends peers that came up the
   * whole table and End-of-RIB.
   */
  void flush() {
    exportChanges();
    sendInitialDumps();
    publishedCounters = Map.copyOf(counters());
    Map<InetAddress, Map<AddressFamily, Long>> perFamily = new HashMap<>();
    peers.forEach((address, peer) -> perFamily.put(address, peer.prefixLimits.counts()));
    publishedAcceptedPerFamily = Map.copyOf(perFamily);
  }

  private void exportChanges() {
    if (changed.isEmpty()) {
      return;
    }
    // Without listeners (a speaker without a dataplane) the changes are not worth building: a
    // table load would make a change and a multipath list per prefix only to drop them.
    boolean listened = !listeners.isEmpty();
    // ADD-PATH peers care about every candidate, not only the best: they are sent every change.
    List<IpPrefix> touched = addPathPeers() ? new ArrayList<>(changed.size()) : null;
    List<BestPathChange> changes = new ArrayList<>();
    List<IpPrefix> newBest = new ArrayList<>(changed.size());
    List<Path> newBestPaths = new ArrayList<>(changed.size());
    for (int i = 0; i < changed.size(); i++) {
      IpPrefix prefix = changed.prefix(i);
      if (touched != null) {
        touched.add(prefix);
      }
      Candidates previous = changed.before(i);
      Candidates after = locRib.get(prefix);
      Path bestBefore = previous == null ? null : previous.best();
      Path bestAfter = after == null ? null : after.best();
      boolean bestChanged =
          bestBefore == null ? bestAfter != null : !bestBefore.samePath(bestAfter);
      if (listened) {
        List<Path> multipath = multipath(after);
        if (bestChanged || !samePaths(multipath(previous), multipath)) {
          changes.add(
              new BestPathChange(
                  prefix,
                  bestAfter == null ? null : bestAfter.toRoute(prefix),
                  routes(prefix, multipath)));
        }
      }
      if (bestChanged) {
        newBest.add(prefix);
        newBestPaths.add(bestAfter);
      }
    }
    changed.clear();
    if (!changes.isEmpty()) {
      notifyListeners(changes);
    }
    if (!newBest.isEmpty() && !peers.isEmpty()) {
      exporter.export(newBest, newBestPaths, peers.values());
    }
    if (touched != null) {
      addPathExporter.export(touched, locRib::get, peers.values(), false);
    }
  }

  /** Whether a peer that is up takes several paths per prefix in some family. */
  private boolean addPathPeers() {
    for (PeerState peer : peers.values()) {
      if (peer.addPathOut != null) {
        return true;
      }
    }
    return false;
  }

  /**
   * Holds back (or lets go) every peer's initial table and End-of-RIB: a speaker restarting
   * gracefully (RFC 4724 §4.1) must not tell its helpers "that was all" before its own routes are
   * back, or they would flush the ones it has not originated again yet. Returns whether they were
   * held.
   */
  boolean holdInitialDumps(boolean hold) {
    boolean wasHolding = holdingInitialDumps;
    holdingInitialDumps = hold;
    return wasHolding;
  }

  private void sendInitialDumps() {
    if (awaitingInitialDump.isEmpty() || holdingInitialDumps) {
      return;
    }
    for (AddressFamily family : AddressFamily.values()) {
      List<PeerState> receivers =
          awaitingInitialDump.stream().filter(p -> p.info.families().contains(family)).toList();
      if (!receivers.isEmpty()) {
        // Counted as sent: split horizon, export rules and policy leave some of the table out.
        int sent = exportTable(family, receivers);
        log.info("advertised {} {} routes to {} (counted per peer)", sent, family, receivers);
        receivers.forEach(peer -> endOfRib(peer, family));
      }
    }
    awaitingInitialDump.clear();
  }

  /**
   * Exports the best path of every prefix of the family; returns the routes sent, counted once per
   * peer they went to.
   */
  private int exportTable(AddressFamily family, Collection<PeerState> receivers) {
    List<IpPrefix> prefixes = new ArrayList<>();
    List<Path> best = new ArrayList<>();
    locRib.forEachInPrefixOrder(
        family,
        (prefix, candidates) -> {
          prefixes.add(prefix);
          best.add(candidates.best());
        });
    return exporter.export(prefixes, best, receivers)
        + addPathExporter.export(prefixes, locRib::get, receivers, false);
  }

  /** The best path of every prefix, ordered by prefix. */
  List<Route> bestPaths() {
    List<Route> best = new ArrayList<>(locRib.size());
    locRib.forEach((prefix, candidates) -> best.add(candidates.best().toRoute(prefix)));
    best.sort(Route.BY_PREFIX);
    return best;
  }

  /**
   * The best paths passing the filter to the first {@code limit} prefixes after {@code after}
   * (null: from the first), in prefix order: a page of a listing, made in one pass over the table.
   */
  RoutePage bestPaths(RouteFilter filter, IpPrefix after, int limit) {
    List<IpPrefix> prefixes;
    if (filter.match() == RouteFilter.PrefixMatch.EXACT) {
      prefixes = listed(filter, filter.prefix(), after) ? List.of(filter.prefix()) : List.of();
    } else if (filter.match() == RouteFilter.PrefixMatch.LONGEST) {
      prefixes = longestMatch(filter, after);
    } else {
      // One more than asked for says whether the listing goes on after this page.
      prefixes =
          locRib.firstAfter(
              after, limit + 1, (prefix, candidates) -> filter.matches(prefix, candidates.best()));
    }
    boolean complete = prefixes.size() <= limit;
    List<Route> routes = new ArrayList<>(Math.min(prefixes.size(), limit));
    Map<Route, List<InetAddress>> ecmpNextHops = new HashMap<>();
    for (IpPrefix prefix : prefixes.subList(0, Math.min(prefixes.size(), limit))) {
      Candidates candidates = locRib.get(prefix);
      Route route = candidates.best().toRoute(prefix);
      routes.add(route);
      if (candidates instanceof SeveralPaths) {
        List<Path> multipath = candidates.multipath();
        if (multipath.size() > 1) {
          ecmpNextHops.put(route, nextHops(multipath));
        }
      }
    }
    return new RoutePage(routes, complete, ecmpNextHops);
  }

  /** The next hops of a multipath set, in its order (it holds one path per next hop). */
  private static List<InetAddress> nextHops(List<Path> multipath) {
    List<InetAddress> nextHops = new ArrayList<>(multipath.size());
    for (Path path : multipath) {
      if (path.attributes().nextHop() != null) {
        nextHops.add(path.attributes().nextHop());
      }
    }
    return nextHops;
  }

  /** The longest prefix containing the filter's that has a best path passing the filter. */
  private List<IpPrefix> longestMatch(RouteFilter filter, IpPrefix after) {
    IpPrefix address = filter.prefix();
    for (int length = address.length(); length >= 0; length--) {
      IpPrefix candidate = IpPrefix.containing(address.address(), length);
      if (listed(filter, candidate, after)) {
        return List.of(candidate);
      }
    }
    return List.of();
  }

  /** Whether the prefix has a best path that passes the filter and comes after {@code after}. */
  private boolean listed(RouteFilter filter, IpPrefix prefix, IpPrefix after) {
    Path best = bestAt(prefix);
    return best != null
        && (after == null || prefix.compareTo(after) > 0)
        && filter.matches(prefix, best);
  }

  /** How many prefixes changed since the last flush. */
  int changedPrefixes() {
    return changed.size();
  }

  /** How many prefixes have a best path. */
  int routeCount() {
    return locRib.size();
  }

  /** The candidate paths to a prefix, best first; empty when there is no route. */
  List<Route> candidates(IpPrefix prefix) {
    Candidates candidates = locRib.get(prefix);
    return candidates == null ? List.of() : routes(prefix, candidates.asList());
  }

  /** The best path to the prefix; null when it has none. */
  private Path bestAt(IpPrefix prefix) {
    Candidates candidates = locRib.get(prefix);
    return candidates == null ? null : candidates.best();
  }

  private boolean hasCandidate(IpPrefix prefix, PeerInfo source, int pathId) {
    Candidates candidates = locRib.get(prefix);
    return candidates != null && candidates.find(source, pathId) != null;
  }

  /** The multipath set of the candidates; empty when there are none. */
  private static List<Path> multipath(Candidates candidates) {
    return candidates == null ? List.of() : candidates.multipath();
  }

  /**
   * The route counts as of the last flush, readable from any thread without waiting for the RIB
   * thread, which may be busy with a whole table for seconds.
   */
  Map<InetAddress, PeerCounters> publishedCounters() {
    return publishedCounters;
  }

  /** Per established peer, its accepted prefixes per family, as of the last flush. */
  Map<InetAddress, Map<AddressFamily, Long>> publishedAcceptedPerFamily() {
    return publishedAcceptedPerFamily;
  }

  Map<InetAddress, PeerCounters> counters() {
    Map<InetAddress, PeerCounters> counters = new LinkedHashMap<>();
    peers.forEach((address, peer) -> counters.put(address, peer.counters()));
    restarting.forEach(
        (address, restart) ->
            counters.merge(
                address,
                PeerCounters.stale(restart.staleRoutes()),
                (up, stale) -> up.withStale(stale.stale())));
    return counters;
  }

  /** How many distinct attribute sets the RIBs hold (for tests and metrics). */
  int internedAttributeSets() {
    return interner.size();
  }

  /** How many shared paths (source and attribute set) the RIBs hold (for tests and metrics). */
  int sharedPaths() {
    int paths = originatedPaths.size();
    for (PeerState peer : peers.values()) {
      paths += peer.paths.size();
    }
    return paths;
  }

  /**
   * The peer's Adj-RIB-In is its candidates in the Loc-RIB (each {@link Path} knows its source):
   * RFC 4271 §3.2 asks for the three RIBs as a model, not as copies, and one table means one lookup
   * per received prefix instead of two, and one reference per route instead of two.
   *
   * <p>A peer with ADD-PATH has one candidate per path identifier: each counts as a route held (the
   * route budget), while the peer's accepted prefixes (its counters and prefix limits) count the
   * prefix once, as routers count them.
   *
   * @return true when the peer had no route to the prefix before: a prefix more for it
   */
  private boolean acceptFrom(PeerState peer, IpPrefix prefix, int pathId, PathAttributes accepted) {
    Path path = peer.paths.intern(accepted, pathId);
    Candidates before = putCandidate(prefix, path);
    Path previous = previous(before, path);
    if (previous != null) {
      // A repeated announcement leaves the Loc-RIB as it was; either way one reference goes.
      peer.paths.release(previous);
      return false;
    }
    peer.acceptedPaths++;
    routesHeld++;
    if (before != null && before.fromSource(peer.info) != null) {
      return false;
    }
    peer.accepted++;
    return true;
  }

  /**
   * Removes the peer's route to the prefix with this path identifier; returns whether it had one.
   */
  private boolean withdrawFrom(PeerState peer, IpPrefix prefix, int pathId) {
    Candidates before = removeCandidate(prefix, peer.info, pathId);
    Path previous = before == null ? null : before.find(peer.info, pathId);
    if (previous == null) {
      return false;
    }
    peer.paths.release(previous);
    peer.acceptedPaths--;
    routesHeld--;
    if (!before.hasOtherFrom(peer.info, pathId)) {
      peer.accepted--;
      peer.prefixLimits.removed(AddressFamily.of(prefix));
    }
    return true;
  }

  /**
   * Adds the route to its prefix's candidates, replacing the one from the same source and path
   * identifier; returns the candidates before (null: none), see {@link #previous}.
   */
  private Candidates putCandidate(IpPrefix prefix, Path path) {
    Candidates before =
        locRib.compute(
            prefix,
            path,
            (candidates, added) -> candidates == null ? added : candidates.with(added));
    if (previous(before, path) != path) {
      changed.add(prefix, before);
    }
    return before;
  }

  /** The candidate of {@code before} that {@code path} replaced, or null when it was new. */
  private static Path previous(Candidates before, Path path) {
    return before == null ? null : before.find(path.source(), path.pathId());
  }

  /**
   * Removes the source's candidate with the path identifier; returns the candidates before (null:
   * none), which hold it unless the source had none.
   */
  private Candidates removeCandidate(IpPrefix prefix, PeerInfo source, int pathId) {
    Candidates before =
        locRib.compute(
            prefix,
            source,
            (candidates, removed) ->
                candidates == null ? null : candidates.without(removed, pathId));
    if (before != null && before.find(source, pathId) != null) {
      changed.add(prefix, before);
    }
    return before;
  }

  /**
   * Removes every candidate of the source for the prefix (several from an ADD-PATH peer) and
   * returns one of them; null when it had none.
   */
  private Path removeCandidate(IpPrefix prefix, PeerInfo source) {
    Candidates before =
        locRib.compute(
            prefix,
            source,
            (candidates, removed) -> candidates == null ? null : candidates.without(removed));
    Path previous = before == null ? null : before.fromSource(source);
    if (previous != null) {
      changed.add(prefix, before);
    }
    return previous;
  }

  private void notifyListeners(List<BestPathChange> changes) {
    // The list is this flush's own and not kept: a read-only view spares copying it.
    List<BestPathChange> view = Collections.unmodifiableList(changes);
    for (BestPathListener listener : listeners) {
      notify(listener, view);
    }
  }

  private static void notify(BestPathListener listener, List<BestPathChange> changes) {
    try {
      listener.bestPathsChanged(changes);
    } catch (RuntimeException e) {
      log.error("best-path listener {} failed on {} changes", listener, changes.size(), e);
    }
  }

  /** The routes to the prefix in their public form. */
  private static List<Route> routes(IpPrefix prefix, List<Path> paths) {
    List<Route> routes = new ArrayList<>(paths.size());
    for (Path path : paths) {
      routes.add(path.toRoute(prefix));
    }
    return routes;
  }

  private static boolean samePaths(List<Path> a, List<Path> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      if (!a.get(i).samePath(b.get(i))) {
        return false;
      }
    }
    return true;
  }

  private static String name(PeerInfo info) {
    return "peer " + InetAddresses.toAddrString(info.address());
  }
}
