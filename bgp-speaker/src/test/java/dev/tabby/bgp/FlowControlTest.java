package dev.tabby.bgp;

import static dev.tabby.bgp.LoopbackSpeakers.A;
import static dev.tabby.bgp.LoopbackSpeakers.B;
import static dev.tabby.bgp.LoopbackSpeakers.peer;
import static dev.tabby.bgp.LoopbackSpeakers.speaker;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tabby.bgp.session.SessionState;
import dev.tabby.bgp.wire.AddPath;
import dev.tabby.bgp.wire.AddressFamily;
import dev.tabby.bgp.wire.PathAttributes;
import dev.tabby.net.IpPrefix;
import dev.tabby.testbench.Wait;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Backpressure between speakers over loopback addresses: a slow RIB stops the reading of a fast
 * peer's UPDATEs, and a peer that stops reading is sent nothing more than its connection holds.
 */
class FlowControlTest {

  private static final Duration DEADLINE = Duration.ofSeconds(30);

  /**
   * Prefixes that each carry a community of their own, so each is an UPDATE of its own: many more
   * than the read throttle's high watermark of 256.
   */
  private static final int PREFIXES = 8000;

  /**
   * Times every prefix is changed while a peer does not read: 8000 × 12 UPDATEs of about 55 bytes
   * are 5 MB, more than the kernel's socket buffers take (net.ipv4.tcp_wmem's 4 MB at most).
   */
  private static final int CHANGE_ROUNDS = 11;

  /** Numbers are carried as community values from 1:0 up, clear of the reserved 0:x range. */
  private static final int COMMUNITY_BASE = 1 << 16;

  /** Opens the receiver's RIB thread, if a test blocked it; released before closing. */
  private final CountDownLatch ribReleased = new CountDownLatch(1);

  private BgpSpeaker sender;
  private BgpSpeaker receiver;

  @AfterEach
  void stop() {
    ribReleased.countDown();
    if (sender != null) {
      sender.close();
    }
    if (receiver != null) {
      receiver.close();
    }
  }

  @Test
  void aBlockedRibPausesReadingWithBoundedQueuedWorkAndEveryRouteArrivesAfterwards() {
    sender = speaker(A, 65001);
    receiver = speaker(B, 65002);
    // The receiver's RIB thread blocks in its first flush that changes a best path.
    receiver.addBestPathListener(changes -> awaitUninterruptibly(ribReleased));
    sender.addPeer(peer(receiver, A));
    // Passive, so that no connection collision at start-up leaves a last error behind.
    receiver.addPeer(PeerConfig.builder(A, 65001).localAddress(B).passive(true).build());
    Wait.until(
        "the receiver's session Established",
        DEADLINE,
        () -> receiver.peers().get(0),
        peer -> peer.state() == SessionState.ESTABLISHED);

    originateAll(sender, 0);
    Wait.until(
        "the sender's RIB has originated " + PREFIXES + " prefixes",
        DEADLINE,
        () -> sender.routeCount().join(),
        count -> count == PREFIXES);
    PeerStatus paused =
        Wait.until(
            "the receiver to pause reading from the sender",
            DEADLINE,
            () -> receiver.peers().get(0),
            peer -> peer.readPauses() > 0);

    // At most the high watermark (256) plus what the read that crossed it had already taken from
    // the socket: 64 KiB, about 1200 of these 55-byte UPDATEs. No lower bound: the sender hands
    // its connection a whole RIB pass in one write, so a read can queue hundreds of UPDATEs at
    // once, and the RIB may take up to a burst (256) of them before it blocks in its first flush.
    assertThat(paused.queuedUpdates()).isLessThanOrEqualTo(1500);
    ribReleased.countDown();

    Wait.until(
        "the receiver to hold all " + PREFIXES + " routes",
        DEADLINE,
        () -> receiver.routeCount().join(),
        count -> count == PREFIXES);
    PeerStatus after = receiver.peers().get(0);
    assertThat(after.state()).isEqualTo(SessionState.ESTABLISHED);
    assertThat(after.lastError()).as("the session never went down").isNull();
    assertThat(after.queuedUpdates()).isZero();
  }

  /** With ADD-PATH the peer's UPDATEs are encoded for it alone, and held back alike. */
  @ParameterizedTest(name = "ADD-PATH {0}")
  @ValueSource(booleans = {false, true})
  void aPeerThatStopsReadingHasABoundedQueueThenGetsExactlyTheFinalTable(boolean addPaths)
      throws Exception {
    sender = speaker(A, 65001);
    sender.addPeer(
        PeerConfig.builder(B, 65002)
            .passive(true)
            .addPaths(
                addPaths
                    ? AddPath.of(List.of(AddressFamily.IPV4_UNICAST), AddPath.Direction.SEND)
                    : AddPath.NONE)
            .build());
    try (SilentPeer peer = SilentPeer.establish(B, sender.listenAddress(), 65002, addPaths)) {
      Wait.until(
          "the sender's session Established",
          DEADLINE,
          () -> sender.peers().get(0),
          status -> status.state() == SessionState.ESTABLISHED);
      assertThat(sender.peers().get(0).negotiated().pathIds().send())
          .as("path identifiers sent")
          .isEqualTo(addPaths ? Set.of(AddressFamily.IPV4_UNICAST) : Set.of());

      // Originated, changed in every round, a fifth withdrawn, while the peer reads nothing.
      originateAll(sender, 0);
      for (int round = 1; round <= CHANGE_ROUNDS; round++) {
        originateAll(sender, round * PREFIXES);
      }
      Map<IpPrefix, Integer> expected = new HashMap<>();
      for (int i = 0; i < PREFIXES; i++) {
        if (i % 5 == 0) {
          sender.withdraw(prefix(i));
        } else {
          expected.put(prefix(i), CHANGE_ROUNDS * PREFIXES + i);
        }
      }
      int changes = PREFIXES * (1 + CHANGE_ROUNDS) + PREFIXES / 5;
      Wait.until(
          "the sender's RIB has applied every change",
          DEADLINE,
          () -> sender.routeCount().join(),
          count -> count == expected.size());

      PeerStatus stuck = sender.peers().get(0);
      // Netty's write buffer high watermark (64 KiB), overshot by at most one flush of changes
      // (up to 256 of these one-prefix UPDATEs) and one pass of held-back prefixes (256 more),
      // each counted as its ~55 bytes plus Netty's ~96 bytes of accounting per queued write:
      // about 141 KiB at the very worst. Without holding back, it grows to megabytes.
      assertThat(stuck.queuedBytes()).isLessThanOrEqualTo(160 * 1024);

      Wait.until(
          "the peer's table to equal the sender's final table",
          DEADLINE,
          () -> readAvailable(peer),
          table -> table.equals(expected));
      assertThat(sender.peers().get(0).counters().advertised()).isEqualTo(expected.size());
      assertThat(peer.updatesRead())
          .as("prefixes changed while held back are sent once, in their final state")
          .isLessThan(changes);
    }
  }

  /**
   * Reads what the sender has sent so far; the table as prefix to its community's number, or -1 for
   * a prefix that has more than one path.
   */
  private static Map<IpPrefix, Integer> readAvailable(SilentPeer peer) {
    try {
      peer.readAvailable();
    } catch (Exception e) {
      throw new IllegalStateException("reading from the speaker: " + e, e);
    }
    Map<IpPrefix, Integer> table = new HashMap<>();
    peer.table()
        .forEach(
            (prefix, paths) ->
                table.put(
                    prefix,
                    paths.size() == 1 ? communityNumber(paths.values().iterator().next()) : -1));
    return table;
  }

  private static void originateAll(BgpSpeaker speaker, int offset) {
    for (int i = 0; i < PREFIXES; i++) {
      speaker.originate(prefix(i), community(i + offset));
    }
  }

  private static IpPrefix prefix(int i) {
    return IpPrefix.parse("10." + (i >> 8) + "." + (i & 0xff) + ".0/24");
  }

  private static int community(int n) {
    return COMMUNITY_BASE + n;
  }

  private static int communityNumber(PathAttributes attributes) {
    return attributes.communities().toArray()[0] - COMMUNITY_BASE;
  }

  private static void awaitUninterruptibly(CountDownLatch latch) {
    boolean interrupted = false;
    while (true) {
      try {
        latch.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
