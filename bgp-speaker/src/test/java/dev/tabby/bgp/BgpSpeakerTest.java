package dev.tabby.bgp;

import static dev.tabby.bgp.LoopbackSpeakers.A;
import static dev.tabby.bgp.LoopbackSpeakers.B;
import static dev.tabby.bgp.LoopbackSpeakers.peer;
import static dev.tabby.bgp.LoopbackSpeakers.speaker;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tabby.bgp.rib.Path;
import dev.tabby.bgp.session.SessionState;
import dev.tabby.bgp.wire.Communities;
import dev.tabby.bgp.wire.Prefix;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two embedded speakers talking over loopback addresses. */
class BgpSpeakerTest {

  private static final Duration DEADLINE = Duration.ofSeconds(20);

  private BgpSpeaker a;
  private BgpSpeaker b;

  @AfterEach
  void stop() {
    if (a != null) {
      a.close();
    }
    if (b != null) {
      b.close();
    }
  }

  @Test
  void speakersExchangeAndWithdrawRoutes() {
    a = speaker(A, 65001);
    b = speaker(B, 4_200_000_002L);
    a.addPeer(peer(b, A));
    b.addPeer(peer(a, B));

    waitFor(
        "A's session with B Established",
        () -> a.peers().get(0).state() == SessionState.ESTABLISHED,
        () -> a.peers());
    PeerStatus status = a.peers().get(0);
    assertThat(status.negotiated().fourOctetAs()).isTrue();
    assertThat(status.uptime().isNegative()).isFalse();

    Prefix prefix = Prefix.parse("10.1.0.0/24");
    a.originate(prefix, Communities.parse("65001:7"));
    waitFor(
        "B learns " + prefix,
        () -> routes(b).stream().anyMatch(p -> p.prefix().equals(prefix)),
        () -> routes(b));
    Path learned = routes(b).stream().filter(p -> p.prefix().equals(prefix)).findFirst().get();
    assertThat(learned.attributes().asPath().toString()).contains("65001");
    assertThat(learned.attributes().communities().contains(Communities.parse("65001:7"))).isTrue();
    waitFor(
        "B counts the route", () -> b.peers().get(0).counters().accepted() == 1, () -> b.peers());

    a.withdraw(prefix);
    waitFor(
        "B forgets " + prefix,
        () -> routes(b).stream().noneMatch(p -> p.prefix().equals(prefix)),
        () -> routes(b));
  }

  @Test
  void removingAPeerSendsPeerDeconfigured() {
    a = speaker(A, 65001);
    b = speaker(B, 65001);
    // B is passive: if it reconnected after the Cease, A (no longer knowing B) would refuse the
    // connection, and B's last error would say "connection closed" before this test looked.
    b.addPeer(PeerConfig.builder(A, 65001).localAddress(B).passive(true).build());
    a.addPeer(peer(b, A));
    waitFor(
        "B Established",
        () -> b.peers().get(0).state() == SessionState.ESTABLISHED,
        () -> b.peers());

    assertThat(a.removePeer(B)).isTrue();

    waitFor(
        "B hears Cease / Peer De-configured",
        () -> String.valueOf(b.peers().get(0).lastError()).contains("received NOTIFICATION 6/3"),
        () -> b.peers());
    assertThat(a.peers()).isEmpty();
  }

  @Test
  void setPeersLeavesAnUnchangedPeerAloneAndRestartsAChangedOne() {
    a = speaker(A, 65001);
    b = speaker(B, 65002);
    b.addPeer(peer(a, B));
    PeerConfig toB = peer(b, A);
    assertThat(a.setPeers(List.of(toB))).isEqualTo(new BgpSpeaker.PeerChanges(1, 0, 0));
    waitFor(
        "A Established with B",
        () -> a.peers().get(0).state() == SessionState.ESTABLISHED,
        () -> a.peers());

    Duration upBefore = a.peers().get(0).uptime();
    assertThat(a.setPeers(List.of(toB))).isEqualTo(new BgpSpeaker.PeerChanges(0, 0, 0));
    assertThat(a.peers().get(0).state()).isEqualTo(SessionState.ESTABLISHED);
    assertThat(a.peers().get(0).uptime()).isGreaterThanOrEqualTo(upBefore);

    PeerConfig shorterHold =
        PeerConfig.builder(B, 65002)
            .localAddress(A)
            .port(toB.port())
            .holdTime(Duration.ofSeconds(9))
            .connectRetryTime(toB.connectRetryTime())
            .build();
    assertThat(a.setPeers(List.of(shorterHold))).isEqualTo(new BgpSpeaker.PeerChanges(0, 0, 1));
    waitFor(
        "the session comes back with the new hold time",
        () ->
            a.peers().get(0).state() == SessionState.ESTABLISHED
                && a.peers().get(0).negotiated().holdTime().equals(Duration.ofSeconds(9)),
        () -> a.peers());

    assertThat(a.setPeers(List.of())).isEqualTo(new BgpSpeaker.PeerChanges(0, 1, 0));
    assertThat(a.peers()).isEmpty();
  }

  @Test
  void closingSendsAdministrativeShutdownToEveryPeer() {
    a = speaker(A, 65001);
    b = speaker(B, 65002);
    a.addPeer(peer(b, A));
    b.addPeer(peer(a, B));
    waitFor(
        "B Established",
        () -> b.peers().get(0).state() == SessionState.ESTABLISHED,
        () -> b.peers());

    a.close();
    a = null;

    waitFor(
        "B hears Cease / Administrative Shutdown",
        () -> String.valueOf(b.peers().get(0).lastError()).contains("received NOTIFICATION 6/2"),
        () -> b.peers());
  }

  @Test
  void connectionsFromUnconfiguredAddressesAreRefused() {
    a = speaker(A, 65001);
    b = speaker(B, 65002);
    b.addPeer(peer(a, B)); // A does not know B: B can never get past Connect/Active
    waitFor("B's attempt refused", () -> b.peers().get(0).lastError() != null, () -> b.peers());
    assertThat(b.peers().get(0).state()).isNotEqualTo(SessionState.ESTABLISHED);
  }

  private static List<Path> routes(BgpSpeaker speaker) {
    return speaker.routes().join();
  }

  private static void waitFor(String what, Supplier<Boolean> condition, Supplier<Object> seen) {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    while (!condition.get()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "expected " + what + " within " + DEADLINE + "; saw " + seen.get());
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what);
      }
    }
  }
}
