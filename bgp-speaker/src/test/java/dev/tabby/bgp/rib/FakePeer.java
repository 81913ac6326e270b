package dev.tabby.bgp.rib;

import dev.tabby.bgp.wire.AddressFamily;
import dev.tabby.bgp.wire.BgpCodec;
import dev.tabby.bgp.wire.BgpMessage;
import dev.tabby.bgp.wire.BgpProtocolException;
import dev.tabby.bgp.wire.CodecContext;
import dev.tabby.bgp.wire.NotificationMessage;
import dev.tabby.bgp.wire.PathAttributes;
import dev.tabby.bgp.wire.PathIdFamilies;
import dev.tabby.bgp.wire.UpdateMessage;
import dev.tabby.net.IpPrefix;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A peer's session as the RIB sees it: records what it is sent, decoded with the wire codec, and
 * keeps the routing table the peer would build from it. Thread-safe enough for a test: the RIB
 * thread writes, the test reads after a barrier.
 */
final class FakePeer implements PeerOutbound {
  /** Offset of the 2-byte length in a BGP header (after the 16-byte marker). */
  private static final int LENGTH_OFFSET = 16;

  final PeerInfo info;
  private final CodecContext context;
  private final List<byte[]> sends = new ArrayList<>();
  private final List<UpdateMessage> messages = new ArrayList<>();
  private final Map<IpPrefix, PathAttributes> table = new LinkedHashMap<>();

  /** Per prefix, the paths received by path identifier, where the RIB sends them (ADD-PATH). */
  private final Map<IpPrefix, Map<Integer, PathAttributes>> paths = new LinkedHashMap<>();

  /** The NOTIFICATION the RIB ended the session with, or null. */
  volatile NotificationMessage closedWith;

  /** What {@link #writable()} answers: false plays a peer that stopped reading. */
  volatile boolean writable = true;

  /**
   * Plays a connection's write buffer: bytes sent and not yet {@link #readAll() read} by the peer;
   * at {@link #unreadLimit} or more the peer is not writable, as above a high watermark.
   */
  private long unread;

  private long mostUnread;
  long unreadLimit = Long.MAX_VALUE;

  /** A fake of the peer, brought up in the RIB, which has sent it its initial table. */
  static FakePeer upIn(RibCore rib, TestPeer peer) {
    FakePeer fake = new FakePeer(peer.build());
    rib.peerUp(fake.info, fake);
    rib.flush();
    return fake;
  }

  FakePeer(PeerInfo info) {
    this.info = info;
    // Decodes as the peer would: a message longer than the session allows fails the test.
    this.context =
        new CodecContext(
            info.fourOctetAs(),
            info.families(),
            false,
            info.extendedMessages(),
            new PathIdFamilies(Set.of(), info.pathIdsSent()),
            info.extendedNextHop());
  }

  /** How long the RIB asked the session to stay down after closing it, or null. */
  volatile Duration staysDownFor;

  @Override
  public void close(NotificationMessage notification, String reason) {
    closedWith = notification;
  }

  /** The prefix-limit crossings the RIB reported, as "family warning|exceeded prefixes". */
  final List<String> limitCrossings = new ArrayList<>();

  @Override
  public void prefixLimitCrossed(
      AddressFamily family, boolean exceeded, long prefixes, PrefixLimit limit) {
    limitCrossings.add(family + " " + (exceeded ? "exceeded" : "warning") + " " + prefixes);
  }

  @Override
  public void closeAndStayDown(
      NotificationMessage notification, String reason, Duration restartInterval) {
    closedWith = notification;
    staysDownFor = restartInterval;
  }

  @Override
  public synchronized void send(ByteBuf encodedMessages) {
    try {
      unread += encodedMessages.readableBytes();
      mostUnread = Math.max(mostUnread, unread);
      sends.add(ByteBufUtil.getBytes(encodedMessages));
      while (encodedMessages.isReadable()) {
        int length =
            encodedMessages.getUnsignedShort(encodedMessages.readerIndex() + LENGTH_OFFSET);
        BgpMessage message = BgpCodec.decode(encodedMessages.readSlice(length), context);
        UpdateMessage update = (UpdateMessage) message;
        messages.add(update);
        update.withdrawn().forEach(table::remove);
        for (int i = 0; i < update.withdrawn().size(); i++) {
          IpPrefix prefix = update.withdrawn().get(i);
          Map<Integer, PathAttributes> left = paths.get(prefix);
          if (left != null) {
            left.remove(update.withdrawnPathId(i));
            if (left.isEmpty()) {
              paths.remove(prefix);
            }
          }
        }
        for (UpdateMessage.Reach reach : update.reach()) {
          reach.prefixes().forEach(prefix -> table.put(prefix, reach.attributes()));
          for (int i = 0; i < reach.prefixes().size(); i++) {
            paths
                .computeIfAbsent(reach.prefixes().get(i), p -> new TreeMap<>())
                .put(reach.pathId(i), reach.attributes());
          }
        }
      }
    } catch (BgpProtocolException e) {
      throw new AssertionError("the RIB sent a malformed message: " + e.getMessage(), e);
    } finally {
      encodedMessages.release();
    }
  }

  @Override
  public synchronized boolean writable() {
    return writable && unread < unreadLimit;
  }

  /** The peer reads everything sent to it so far. */
  synchronized void readAll() {
    unread = 0;
  }

  /** The most bytes that were ever sent and not yet read. */
  synchronized long mostUnread() {
    return mostUnread;
  }

  /** The buffers received, as bytes, in order. */
  synchronized List<byte[]> sends() {
    return List.copyOf(sends);
  }

  /** Every UPDATE received, in order. */
  synchronized List<UpdateMessage> messages() {
    return List.copyOf(messages);
  }

  /** The routes the peer now has from us. */
  synchronized Map<IpPrefix, PathAttributes> table() {
    return new LinkedHashMap<>(table);
  }

  /** The paths the peer now has from us to the prefix, by path identifier (0 without ADD-PATH). */
  synchronized Map<Integer, PathAttributes> paths(IpPrefix prefix) {
    return new TreeMap<>(paths.getOrDefault(prefix, Map.of()));
  }

  /** The families whose End-of-RIB was received, in order. */
  synchronized List<AddressFamily> endOfRibs() {
    List<AddressFamily> families = new ArrayList<>();
    messages.forEach(m -> m.endOfRib().ifPresent(families::add));
    return families;
  }

  /** Forgets everything received so far (the table stays). */
  synchronized void clearReceived() {
    sends.clear();
    messages.clear();
  }
}
