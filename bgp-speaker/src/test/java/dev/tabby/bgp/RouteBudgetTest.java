package dev.tabby.bgp;

import static dev.tabby.bgp.LoopbackSpeakers.A;
import static dev.tabby.bgp.LoopbackSpeakers.B;
import static dev.tabby.bgp.LoopbackSpeakers.C;
import static dev.tabby.bgp.LoopbackSpeakers.peer;
import static dev.tabby.bgp.LoopbackSpeakers.speaker;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tabby.bgp.rib.Route;
import dev.tabby.bgp.session.SessionState;
import dev.tabby.net.IpPrefix;
import dev.tabby.testbench.Wait;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A peer that floods past the speaker's route budget is torn down; the others are served on. */
class RouteBudgetTest {

  private static final Duration DEADLINE = Duration.ofSeconds(30);
  private static final int BUDGET = 1_000;

  private BgpSpeaker a;
  private BgpSpeaker flooder;
  private BgpSpeaker c;

  @AfterEach
  void stop() {
    for (BgpSpeaker speaker : new BgpSpeaker[] {a, flooder, c}) {
      if (speaker != null) {
        speaker.close();
      }
    }
  }

  @Test
  void aFloodPastTheBudgetEndsThatPeerAloneWithCeaseMaximumPrefixes() {
    a = speaker(A, 65001);
    a.routeBudget(BUDGET);
    flooder = speaker(B, 65002);
    c = speaker(C, 65003);
    // A waits for the flooder, which retries only after a minute: one teardown to look at.
    a.addPeer(PeerConfig.builder(B, 65002).passive(true).build());
    flooder.addPeer(
        PeerConfig.builder(A, 65001)
            .port(a.listenAddress().getPort())
            .localAddress(B)
            .connectRetryTime(Duration.ofSeconds(60))
            .build());
    a.addPeer(peer(c, A));
    c.addPeer(peer(a, C));
    c.originate(IpPrefix.parse("10.3.0.0/24"));
    Wait.until("A learns C's route", DEADLINE, () -> hasRoute(a, "10.3.0.0/24"), has -> has);
    Wait.until(
        "A's session with the flooder up",
        DEADLINE,
        () -> state(a, B),
        SessionState.ESTABLISHED::equals);

    for (int i = 0; i < 3 * BUDGET; i++) {
      flooder.originate(IpPrefix.ipv4(0x0B00_0000 + (i << 8), 24));
    }

    PeerStatus torn =
        Wait.until(
            "A tears the flooder down",
            DEADLINE,
            () -> status(a, B),
            s -> String.valueOf(s.lastError()).startsWith("sent NOTIFICATION 6/9"));
    assertThat(torn.lastError())
        .contains("Maximum Number of Prefixes Reached")
        .endsWith(": the speaker's route budget of 1000 routes is spent");
    Wait.until(
        "the flooder hears why",
        DEADLINE,
        () -> String.valueOf(flooder.peers().get(0).lastError()),
        // Both set the N bit (RFC 8538): the limit's Cease comes as a Hard Reset.
        error ->
            error.startsWith("received NOTIFICATION 6/9 (Cease / Hard Reset: Cease / Maximum"));
    assertThat(a.failure()).isNotDone();
    Wait.until(
        "the flooder's routes gone from A",
        DEADLINE,
        () ->
            routes(a).stream()
                .filter(p -> p.source() != null && p.source().address().equals(B))
                .count(),
        count -> count == 0);

    // C is served on: its session stays up, and what it sends next is learned.
    c.originate(IpPrefix.parse("10.3.1.0/24"));
    Wait.until("A learns C's new route", DEADLINE, () -> hasRoute(a, "10.3.1.0/24"), has -> has);
    assertThat(state(a, C)).isEqualTo(SessionState.ESTABLISHED);
  }

  private static PeerStatus status(BgpSpeaker speaker, InetAddress peer) {
    return speaker.peers().stream().filter(s -> s.address().equals(peer)).findFirst().orElseThrow();
  }

  private static SessionState state(BgpSpeaker speaker, InetAddress peer) {
    return status(speaker, peer).state();
  }

  private static boolean hasRoute(BgpSpeaker speaker, String prefix) {
    return routes(speaker).stream().anyMatch(p -> p.prefix().toString().equals(prefix));
  }

  private static List<Route> routes(BgpSpeaker speaker) {
    return speaker.routes().join();
  }
}
