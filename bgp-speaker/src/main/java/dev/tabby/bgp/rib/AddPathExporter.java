package dev.tabby.bgp.rib;

import com.google.common.primitives.ImmutableIntArray;
import dev.tabby.bgp.rib.AddPathAdjRibOut.Sent;
import dev.tabby.bgp.wire.AddressFamily;
import dev.tabby.bgp.wire.PathAttributes;
import dev.tabby.bgp.wire.UpdatePacker;
import dev.tabby.net.IpPrefix;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends peers that take several paths per prefix (ADD-PATH, RFC 7911) every candidate the export
 * rules let through, or the multipath set ({@link AddPathSelection}), each with a path identifier
 * of ours. A path keeps its identifier for as long as the peer has it, so a change re-announces it
 * under the same one and a path that goes is withdrawn by it; a new path takes the lowest free
 * identifier of its prefix.
 *
 * <p>Only the families a peer negotiated ADD-PATH send for go this way ({@link
 * PeerInfo#pathIdsSent()}); the {@link Exporter} sends the others the best path. Each peer's
 * UPDATEs are encoded for it alone, since its identifiers are its own.
 *
 * <p>Flow control is the Exporter's: while a peer's connection cannot take more, a prefix whose
 * paths would change for it is only added to its {@link PeerState#heldBack} set, and its
 * Adj-RIB-Out stays what it was sent. Once writable it is sent the difference between that and the
 * prefix's paths then, so each path identifier goes out once, in its latest state.
 */
final class AddPathExporter {
  private static final Logger log = LoggerFactory.getLogger(AddPathExporter.class);

  private final ExportRules rules;
  private final ByteBufAllocator allocator;

  AddPathExporter(ExportRules rules, ByteBufAllocator allocator) {
    this.rules = rules;
    this.allocator = allocator;
  }

  /** Prefixes with the path identifiers of each, index for index. */
  private static final class IdentifiedPrefixes {
    final List<IpPrefix> prefixes = new ArrayList<>();
    final ImmutableIntArray.Builder pathIds = ImmutableIntArray.builder();

    void add(IpPrefix prefix, int pathId) {
      prefixes.add(prefix);
      pathIds.add(pathId);
    }
  }

  /**
   * Brings the ADD-PATH peers' Adj-RIBs-Out of the prefixes in line with their candidates, and
   * sends them the difference.
   *
   * @param candidates the Loc-RIB's candidates of a prefix; null when it has none
   * @param resend also announce again what a peer has already (a route refresh); such a pass is
   *     asked for only while the peer is writable, and is not held back, which would lose it
   * @return the paths sent, announced or withdrawn, counted once per peer they went to
   */
  int export(
      List<IpPrefix> prefixes,
      Function<IpPrefix, Candidates> candidates,
      Collection<PeerState> peers,
      boolean resend) {
    int sent = 0;
    for (PeerState peer : peers) {
      if (peer.addPathOut != null) {
        sent += exportTo(peer, prefixes, candidates, resend);
      }
    }
    return sent;
  }

  private int exportTo(
      PeerState peer,
      List<IpPrefix> prefixes,
      Function<IpPrefix, Candidates> candidates,
      boolean resend) {
    Map<PathAttributes, IdentifiedPrefixes> announcements = new LinkedHashMap<>();
    IdentifiedPrefixes withdrawals = new IdentifiedPrefixes();
    boolean holdingBack = !resend && Exporter.holdsBack(peer);
    for (IpPrefix prefix : prefixes) {
      AddressFamily family = AddressFamily.of(prefix);
      if (!peer.info.pathIdsSent().contains(family) || !peer.info.families().contains(family)) {
        continue;
      }
      Sent[] before = peer.addPathOut.get(prefix);
      Sent[] after = update(peer, prefix, before, selected(peer, candidates.apply(prefix)));
      if (holdingBack) {
        if (changes(before, after)) {
          peer.heldBack.add(prefix);
        }
        continue;
      }
      peer.addPathOut.put(prefix, after);
      for (Sent path : after) {
        if (announced(before, path, resend)) {
          announcements
              .computeIfAbsent(path.attributes(), a -> new IdentifiedPrefixes())
              .add(prefix, path.pathId());
        }
      }
      for (Sent path : before) {
        if (find(after, path.pathId()) == null) {
          withdrawals.add(prefix, path.pathId());
        }
      }
    }
    int sent = 0;
    if (!withdrawals.prefixes.isEmpty()) {
      send(
          peer,
          UpdatePacker.withdraw(withdrawals.prefixes, withdrawals.pathIds.build(), allocator));
      sent += withdrawals.prefixes.size();
    }
    for (Map.Entry<PathAttributes, IdentifiedPrefixes> batch : announcements.entrySet()) {
      sent += announce(peer, batch.getKey(), batch.getValue());
    }
    return sent;
  }

  /** Whether the path goes out: it is new or changed under its identifier, or all is resent. */
  private static boolean announced(Sent[] before, Sent path, boolean resend) {
    Sent earlier = find(before, path.pathId());
    return resend || earlier == null || !earlier.attributes().equals(path.attributes());
  }

  /** Whether going from {@code before} to {@code after} sends the peer anything. */
  private static boolean changes(Sent[] before, Sent[] after) {
    for (Sent path : after) {
      if (announced(before, path, false)) {
        return true;
      }
    }
    for (Sent path : before) {
      if (find(after, path.pathId()) == null) {
        return true;
      }
    }
    return false;
  }

  /** The candidates of the peer's selection: all of them, or the multipath set. */
  private static List<Path> selected(PeerState peer, Candidates candidates) {
    if (candidates == null) {
      return List.of();
    }
    return peer.info.addPathSelection() == AddPathSelection.ALL
        ? candidates.asList()
        : candidates.multipath();
  }

  /**
   * What the peer should have of the prefix: each selected path the export rules and policy let
   * through, under the identifier it had, or the lowest free one.
   */
  private Sent[] update(PeerState peer, IpPrefix prefix, Sent[] before, List<Path> selected) {
    AddressFamily family = AddressFamily.of(prefix);
    List<Path> exported = new ArrayList<>(selected.size());
    List<PathAttributes> attributes = new ArrayList<>(selected.size());
    for (Path path : selected) {
      if (Exporter.fromPeer(path, peer)) {
        continue;
      }
      PathAttributes rewritten = rules.rewrite(path, family, peer.group.profile);
      PathAttributes allowed =
          rewritten == null ? null : peer.group.profile.exportPolicy().apply(prefix, rewritten);
      if (allowed != null) {
        exported.add(path);
        attributes.add(allowed);
      }
    }
    Sent[] after = new Sent[exported.size()];
    BitSet taken = new BitSet();
    for (int i = 0; i < after.length; i++) {
      Sent kept = sentAs(before, exported.get(i));
      if (kept != null) {
        taken.set(kept.pathId());
        after[i] = new Sent(kept.source(), kept.sourcePathId(), kept.pathId(), attributes.get(i));
      }
    }
    for (int i = 0; i < after.length; i++) {
      if (after[i] == null) {
        int pathId = taken.nextClearBit(1);
        taken.set(pathId);
        Path path = exported.get(i);
        after[i] = new Sent(path.source(), path.pathId(), pathId, attributes.get(i));
      }
    }
    return after;
  }

  private static Sent sentAs(Sent[] sent, Path path) {
    return Arrays.stream(sent).filter(s -> s.isCandidate(path)).findFirst().orElse(null);
  }

  private static Sent find(Sent[] sent, int pathId) {
    return Arrays.stream(sent).filter(s -> s.pathId() == pathId).findFirst().orElse(null);
  }

  private int announce(PeerState peer, PathAttributes attributes, IdentifiedPrefixes batch) {
    ByteBuf encoded;
    try {
      encoded =
          UpdatePacker.announce(
              attributes,
              batch.prefixes,
              batch.pathIds.build(),
              peer.group.profile.codecContext(),
              allocator);
    } catch (IllegalArgumentException e) {
      // As in the Exporter: attributes that cannot be encoded are a bug in the export rules.
      log.error(
          "cannot encode {} paths for {} with {}: {}",
          batch.prefixes.size(),
          peer,
          attributes,
          e.getMessage());
      return 0;
    }
    send(peer, encoded);
    return batch.prefixes.size();
  }

  private static void send(PeerState peer, ByteBuf encoded) {
    log.debug("sending {} bytes of ADD-PATH UPDATEs to {}", encoded.readableBytes(), peer);
    Exporter.send(peer, encoded);
  }
}
