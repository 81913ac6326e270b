package dev.tabby.bgp.rib;

import dev.tabby.bgp.wire.AddressFamily;
import dev.tabby.bgp.wire.AttributesTooLongException;
import dev.tabby.bgp.wire.BgpCodec;
import dev.tabby.bgp.wire.PathAttributes;
import dev.tabby.bgp.wire.UpdateMessage;
import dev.tabby.bgp.wire.UpdatePacker;
import dev.tabby.net.IpPrefix;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings peers' Adj-RIBs-Out in line with the Loc-RIB and sends them the difference.
 *
 * <p>One pass handles many prefixes: prefixes that end up with the same attributes for the same set
 * of peers of one export group are advertised together, encoded once, and every peer of the set
 * gets a duplicate of the same buffer. A peer's withdrawals of the pass go out together, encoded
 * once for every peer withdrawing the same prefixes (a reflector withdraws a client's prefix from
 * every peer but that client, so grouping by peers would give each prefix its own UPDATE). Each
 * peer is handed everything of the pass in one write: with many peers and prefixes of different
 * attributes (a reflector's clients' routes), a write per UPDATE per peer cost more than the rest
 * of the pass.
 */
final class Exporter {
  private static final Logger log = LoggerFactory.getLogger(Exporter.class);

  /** Marks "not exported to this group" in the rewrite cache, which cannot hold null. */
  private static final PathAttributes NOT_EXPORTED = PathAttributes.builder().build();

  /**
   * Held-back prefixes sent per pass when a peer is writable again. Writability is checked between
   * passes, so one pass is how far the queue may overshoot the high watermark: at most 256 UPDATEs
   * when no two prefixes share attributes, about 40 KiB with Netty's accounting of ~96 bytes per
   * queued write; prefixes that share attributes still pack into full UPDATEs.
   */
  static final int HELD_BACK_CHUNK = 256;

  /**
   * Prefixes to send to some peers: announced with attributes to peers of one group, or withdrawn
   * (attributes, group and family null: a withdrawal is encoded alike for every peer and family).
   */
  private record Batch(
      ExportGroup group, AddressFamily family, PathAttributes attributes, List<PeerState> peers) {}

  /**
   * A path's rewrite before export policy depends only on these, not on its prefix. The source is
   * compared by identity: one PeerInfo per session, and hashing a whole PeerInfo per prefix would
   * cost more than the rewrite it saves.
   */
  private record RewriteKey(
      PathAttributes attributes, PeerInfo source, ExportGroup group, AddressFamily family) {
    @Override
    public boolean equals(Object o) {
      return o instanceof RewriteKey k
          && k.source == source
          && k.group == group
          && k.family == family
          && k.attributes.equals(attributes);
    }

    @Override
    public int hashCode() {
      return ((attributes.hashCode() * 31 + System.identityHashCode(source)) * 31
                  + System.identityHashCode(group))
              * 31
          + family.ordinal();
    }
  }

  private final ExportRules rules;
  private final AttributeInterner interner;
  private final ByteBufAllocator allocator;

  Exporter(ExportRules rules, AttributeInterner interner, ByteBufAllocator allocator) {
    this.rules = rules;
    this.interner = interner;
    this.allocator = allocator;
  }

  /**
   * Exports the current best path of each prefix to the peers, sending only what differs from their
   * Adj-RIB-Out. The caller has the best paths at hand, so the Loc-RIB is not looked up again. A
   * peer whose connection is not writable is sent nothing: its differing prefixes are added to its
   * held-back set instead, and its Adj-RIB-Out is left as what it was sent.
   *
   * @param bestPaths index for index, the best path of each prefix; null where it has none
   * @return the routes sent, announced or withdrawn, counted once per peer they went to
   */
  int export(List<IpPrefix> prefixes, List<Path> bestPaths, Collection<PeerState> peers) {
    Map<ExportGroup, List<PeerState>> byGroup = new LinkedHashMap<>();
    for (PeerState peer : peers) {
      holdsBack(peer);
      byGroup.computeIfAbsent(peer.group, g -> new ArrayList<>()).add(peer);
    }
    Map<Batch, List<IpPrefix>> batches = new LinkedHashMap<>();
    Map<PeerState, List<IpPrefix>> withdrawals = new LinkedHashMap<>();
    Rewrites rewrites = new Rewrites();
    // Indexed loops below: an iterator per prefix and group was a large share of a load's garbage.
    List<ExportGroup> groups = List.copyOf(byGroup.keySet());
    List<List<PeerState>> members = List.copyOf(byGroup.values());
    for (int i = 0; i < prefixes.size(); i++) {
      IpPrefix prefix = prefixes.get(i);
      Path best = bestPaths.get(i);
      for (int g = 0; g < groups.size(); g++) {
        ExportGroup group = groups.get(g);
        PathAttributes exported = best == null ? null : exported(prefix, best, group, rewrites);
        exportToMembers(prefix, best, exported, group, members.get(g), batches, withdrawals);
      }
    }
    PassWrites writes = new PassWrites();
    int sent = 0;
    for (Map.Entry<List<IpPrefix>, List<PeerState>> withdrawal :
        peersBySamePrefixes(withdrawals).entrySet()) {
      sent += send(new Batch(null, null, null, withdrawal.getValue()), withdrawal.getKey(), writes);
    }
    for (Map.Entry<Batch, List<IpPrefix>> batch : batches.entrySet()) {
      sent += send(batch.getKey(), batch.getValue(), writes);
    }
    writes.sendAll();
    return sent;
  }

  /** The peers that withdraw the same prefixes, by those prefixes. */
  private static Map<List<IpPrefix>, List<PeerState>> peersBySamePrefixes(
      Map<PeerState, List<IpPrefix>> withdrawals) {
    Map<List<IpPrefix>, List<PeerState>> peers = new LinkedHashMap<>();
    for (Map.Entry<PeerState, List<IpPrefix>> withdrawal : withdrawals.entrySet()) {
      peers.computeIfAbsent(withdrawal.getValue(), p -> new ArrayList<>()).add(withdrawal.getKey());
    }
    return peers;
  }

  /**
   * What one pass sends each peer, gathered so the peer's connection is handed it in one write: a
   * composite of duplicates of the shared encodings, so nothing is copied.
   */
  private final class PassWrites {
    private final Map<PeerState, ByteBuf> byPeer = new LinkedHashMap<>();

    /** Takes ownership of {@code encoded}. */
    void add(PeerState peer, ByteBuf encoded) {
      ByteBuf pending = byPeer.putIfAbsent(peer, encoded);
      if (pending == null) {
        return;
      }
      if (pending instanceof CompositeByteBuf composite) {
        composite.addComponent(true, encoded);
      } else {
        byPeer.put(
            peer,
            allocator
                .compositeBuffer(Integer.MAX_VALUE)
                .addComponent(true, pending)
                .addComponent(true, encoded));
      }
    }

    void sendAll() {
      byPeer.forEach(Exporter::send);
    }
  }

  /** Sends the End-of-RIB marker of the family to the peer. */
  void sendEndOfRib(PeerState peer, AddressFamily family) {
    send(
        peer,
        BgpCodec.encode(
            UpdateMessage.endOfRib(family), peer.group.profile.codecContext(), allocator));
  }

  private PathAttributes exported(
      IpPrefix prefix, Path best, ExportGroup group, Rewrites rewrites) {
    PathAttributes rewritten = rewrites.rewrite(best, AddressFamily.of(prefix), group);
    if (rewritten == NOT_EXPORTED) {
      return null;
    }
    return group.profile.exportPolicy().apply(prefix, rewritten);
  }

  /**
   * The rewrites of one export, by {@link RewriteKey}. Consecutive prefixes mostly share their best
   * path's attributes and source (a table arrives in UPDATEs of many prefixes each), so the last
   * answer is checked first, by identity, without building a key per prefix.
   */
  private final class Rewrites {
    private final Map<RewriteKey, PathAttributes> byKey = new HashMap<>();
    private PathAttributes lastAttributes;
    private PeerInfo lastSource;
    private ExportGroup lastGroup;
    private AddressFamily lastFamily;
    private PathAttributes lastRewritten;

    /** The path's attributes rewritten for the group, or NOT_EXPORTED. */
    PathAttributes rewrite(Path best, AddressFamily family, ExportGroup group) {
      if (best.attributes() == lastAttributes
          && best.source() == lastSource
          && group == lastGroup
          && family == lastFamily) {
        return lastRewritten;
      }
      RewriteKey key = new RewriteKey(best.attributes(), best.source(), group, family);
      lastRewritten =
          byKey.computeIfAbsent(
              key,
              k ->
                  Objects.requireNonNullElse(
                      rules.rewrite(best, family, group.profile), NOT_EXPORTED));
      lastAttributes = best.attributes();
      lastSource = best.source();
      lastGroup = group;
      lastFamily = family;
      return lastRewritten;
    }
  }

  /**
   * Updates the Adj-RIB-Out of the group's members for one prefix; announcements are batched here,
   * withdrawals added to each peer's list in {@code withdrawals}.
   */
  private void exportToMembers(
      IpPrefix prefix,
      Path best,
      PathAttributes exported,
      ExportGroup group,
      List<PeerState> members,
      Map<Batch, List<IpPrefix>> batches,
      Map<PeerState, List<IpPrefix>> withdrawals) {
    // Usually no peer needs anything: allocate lists only when one does.
    List<PeerState> announceTo = null;
    PathAttributes shared = null;
    for (int m = 0; m < members.size(); m++) {
      PeerState peer = members.get(m);
      if (!peer.info.takesBestPath(AddressFamily.of(prefix))) {
        continue;
      }
      // Never advertise a path back to the peer it came from, nor to a peer back from a graceful
      // restart the stale paths its earlier session sent.
      PathAttributes desired = best != null && fromPeer(best, peer) ? null : exported;
      PathAttributes current = peer.adjRibOut.get(prefix);
      if (Objects.equals(desired, current)) {
        continue;
      }
      if (peer.holdingBack) {
        peer.heldBack.add(prefix);
        continue;
      }
      if (desired == null) {
        peer.adjRibOut.remove(prefix);
        withdrawals.computeIfAbsent(peer, p -> new ArrayList<>()).add(prefix);
      } else {
        shared = interner.intern(desired);
        peer.adjRibOut.put(prefix, shared);
        announceTo = add(announceTo, peer);
      }
      interner.release(current);
    }
    if (announceTo != null) {
      batches
          .computeIfAbsent(
              new Batch(group, AddressFamily.of(prefix), shared, announceTo),
              b -> new ArrayList<>())
          .add(prefix);
    }
  }

  private static List<PeerState> add(List<PeerState> list, PeerState peer) {
    List<PeerState> result = list == null ? new ArrayList<>(2) : list;
    result.add(peer);
    return result;
  }

  /** Encodes the batch once and adds it to its peers' writes; returns the routes sent, per peer. */
  private int send(Batch batch, List<IpPrefix> prefixes, PassWrites writes) {
    ByteBuf encoded;
    try {
      encoded =
          batch.attributes() == null
              ? UpdatePacker.withdraw(prefixes, allocator)
              : UpdatePacker.announce(
                  batch.attributes(), prefixes, batch.group().profile.codecContext(), allocator);
    } catch (AttributesTooLongException e) {
      return withdrawTooLong(batch, prefixes, writes, e);
    } catch (IllegalArgumentException e) {
      // Attributes that cannot be encoded (say, an IPv4 next hop on an IPv6 route) are a bug in
      // the export rules; the peers miss these routes, the others still go out.
      log.error(
          "cannot encode {} prefixes for {} with {}: {}",
          prefixes.size(),
          batch.peers(),
          batch.attributes(),
          e.getMessage());
      return 0;
    }
    log.debug(
        "{} {} prefixes to {}",
        batch.attributes() == null ? "withdrawing" : "announcing",
        prefixes.size(),
        batch.peers());
    try {
      for (PeerState peer : batch.peers()) {
        writes.add(peer, encoded.retainedDuplicate());
      }
    } finally {
      encoded.release();
    }
    return prefixes.size() * batch.peers().size();
  }

  /**
   * The batch's attributes leave no room for a prefix in its group's longest message (4,096 bytes
   * for peers without extended messages): RFC 8654 §4 says such a route must not be sent to them,
   * and withdrawn where it was sent before. Their Adj-RIBs-Out forget it, so a later best path that
   * fits goes out as usual. A peer that never had the route ignores the withdrawal.
   */
  private int withdrawTooLong(
      Batch batch, List<IpPrefix> prefixes, PassWrites writes, AttributesTooLongException e) {
    log.warn(
        "event=route-too-long prefixes={} first={} peers={} reason=\"{}\": withdrawn from them"
            + " instead",
        prefixes.size(),
        prefixes.get(0),
        batch.peers(),
        e.getMessage());
    for (PeerState peer : batch.peers()) {
      for (IpPrefix prefix : prefixes) {
        interner.release(peer.adjRibOut.remove(prefix));
      }
    }
    return send(new Batch(null, null, null, batch.peers()), prefixes, writes);
  }

  static void send(PeerState peer, ByteBuf encoded) {
    try {
      peer.outbound.send(encoded);
    } catch (RuntimeException e) {
      // The session owns the buffer once send is called; a failing session is its own problem
      // (it will report itself down), and must not stop the other peers' updates.
      log.warn("sending UPDATE to {} failed: {}", peer, e.toString());
    }
  }

  /**
   * Decides, for one export pass, whether the peer's UPDATEs are held back: while its connection
   * cannot take more (above its write buffer's high watermark), what would go out is only noted in
   * {@link PeerState#heldBack}. Every export to a peer, best path or ADD-PATH, asks this first.
   */
  static boolean holdsBack(PeerState peer) {
    boolean blocked = !peer.outbound.writable();
    if (blocked && !peer.holdingBack) {
      log.debug("{} cannot take more for now: holding back its UPDATEs", peer);
    }
    peer.holdingBack = blocked;
    return blocked;
  }

  /** Whether the path came from the peer, on this session or on one before a graceful restart. */
  static boolean fromPeer(Path path, PeerState peer) {
    PeerInfo source = path.source();
    return source == peer.info || (source != null && source.address().equals(peer.info.address()));
  }
}
