package dev.tabby.bgp;

import static dev.tabby.bgp.LoopbackSpeakers.A;
import static dev.tabby.bgp.LoopbackSpeakers.B;
import static dev.tabby.bgp.LoopbackSpeakers.C;
import static dev.tabby.bgp.LoopbackSpeakers.peer;
import static dev.tabby.bgp.LoopbackSpeakers.speaker;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tabby.bgp.rib.Route;
import dev.tabby.bgp.session.SessionState;
import dev.tabby.net.IpPrefix;
import dev.tabby.testbench.Wait;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A speaker accepting sessions from a range of addresses (dynamic neighbours) over loopback. */
class DynamicPeersTest {

  private static final Duration DEADLINE = Duration.ofSeconds(20);
  private static final IpPrefix LOOPBACKS = IpPrefix.parse("127.0.0.0/24");

  private BgpSpeaker reflector;
  private BgpSpeaker b;
  private BgpSpeaker c;

  @AfterEach
  void stop() {
    for (BgpSpeaker speaker : new BgpSpeaker[] {reflector, b, c}) {
      if (speaker != null) {
        speaker.close();
      }
    }
  }

  @Test
  void peersFromARangeComeUpWithTheRangesOptionsAndGoWhenTheirSessionEnds() {
    reflector = reflector(65001);
    reflector.setPeerRanges(List.of(new PeerRange(LOOPBACKS, 65001, 65001, clientOptions())));
    b = speaker(B, 65001);
    c = speaker(C, 65001);
    b.addPeer(peer(reflector, B));
    c.addPeer(peer(reflector, C));
    IpPrefix fromB = IpPrefix.parse("10.2.0.0/26");
    b.originate(fromB);

    Wait.until(
        "the reflector has B and C Established, without a config line for either",
        DEADLINE,
        reflector::peers,
        peers -> peers.size() == 2 && peers.stream().allMatch(DynamicPeersTest::established));
    // Both are iBGP: only a route-reflector client (the range's option) gets B's route from it.
    Wait.until("C learns B's prefix through the reflector", DEADLINE, () -> has(c, fromB));
    Route reflected = route(c, fromB);
    assertThat(reflected.attributes().originatorId()).isEqualTo(B);

    b.removePeer(A);

    Wait.until(
        "the reflector forgets B once its session ended",
        DEADLINE,
        reflector::peers,
        peers -> peers.size() == 1 && peers.get(0).address().equals(C));
    Wait.until("C loses B's prefix", DEADLINE, () -> !has(c, fromB));
  }

  @Test
  void aPeerAnnouncingAnAsOutsideTheRangeIsRefusedAndForgotten() {
    reflector = reflector(65001);
    reflector.setPeerRanges(List.of(new PeerRange(LOOPBACKS, 65010, 65020, clientOptions())));
    b = speaker(B, 65015);
    c = speaker(C, 65009);
    b.addPeer(peer(reflector, B));
    c.addPeer(peer(reflector, C));

    Wait.until(
        "B (AS 65015, inside 65010-65020) Established, showing the AS it announced",
        DEADLINE,
        reflector::peers,
        peers ->
            peers.size() == 1
                && established(peers.get(0))
                && peers.get(0).address().equals(B)
                && peers.get(0).remoteAs() == 65015);
    Wait.until(
        "C (AS 65009) is told Bad Peer AS",
        DEADLINE,
        c::peers,
        peers -> String.valueOf(peers.get(0).lastError()).contains("received NOTIFICATION 2/2"));
    assertThat(reflector.peers()).extracting(PeerStatus::address).containsExactly(B);
  }

  @Test
  void anAddressOutsideEveryRangeIsRefused() {
    reflector = reflector(65001);
    reflector.setPeerRanges(
        List.of(PeerRange.of(IpPrefix.parse("127.0.0.2/32"), 65001, clientOptions())));
    b = speaker(B, 65001);
    c = speaker(C, 65001);
    b.addPeer(peer(reflector, B));
    c.addPeer(peer(reflector, C));

    Wait.until(
        "B Established",
        DEADLINE,
        reflector::peers,
        peers -> peers.stream().anyMatch(DynamicPeersTest::established));
    Wait.until(
        "C's connection is closed unanswered",
        DEADLINE,
        c::peers,
        peers -> peers.get(0).lastError() != null);
    assertThat(reflector.peers()).extracting(PeerStatus::address).containsExactly(B);
    assertThat(c.peers().get(0).state()).isNotEqualTo(SessionState.ESTABLISHED);
  }

  @Test
  void aConfiguredPeerWinsOverARangeAndRemovingTheRangeEndsItsPeers() {
    reflector = reflector(65001);
    reflector.setPeerRanges(List.of(PeerRange.of(LOOPBACKS, 65001, clientOptions())));
    b = speaker(B, 65001);
    c = speaker(C, 65001);
    b.addPeer(peer(reflector, B));
    c.addPeer(peer(reflector, C));
    Wait.until(
        "B and C Established as dynamic neighbours",
        DEADLINE,
        reflector::peers,
        peers -> peers.size() == 2 && peers.stream().allMatch(DynamicPeersTest::established));

    // A configured peer at C's address with another AS replaces the dynamic one: C, still in AS
    // 65001, is now refused with Bad Peer AS.
    reflector.setPeers(List.of(PeerConfig.builder(C, 65099).passive(true).build()));
    Wait.until(
        "C is refused under its configured AS",
        DEADLINE,
        c::peers,
        peers -> String.valueOf(peers.get(0).lastError()).contains("NOTIFICATION 2/2"));

    reflector.setPeerRanges(List.of());
    Wait.until(
        "B is dropped with its range",
        DEADLINE,
        reflector::peers,
        peers -> peers.size() == 1 && peers.get(0).address().equals(C));
    assertThat(reflector.peers().get(0).remoteAs()).isEqualTo(65099);
  }

  @Test
  void aRangeWithAPasswordIsRefusedWithAReason() {
    PeerConfig signed = PeerConfig.builder(A, 65001).password("s3cret").build();
    assertThatThrownBy(() -> PeerRange.of(LOOPBACKS, 65001, signed))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("TCP MD5 password is not supported on a range");
  }

  private static BgpSpeaker reflector(long as) {
    return BgpSpeaker.start(new SpeakerConfig(A, as, new InetSocketAddress(A, 0), A));
  }

  private static PeerConfig clientOptions() {
    return PeerConfig.builder(A, 1).routeReflectorClient(true).build();
  }

  private static boolean has(BgpSpeaker speaker, IpPrefix prefix) {
    return route(speaker, prefix) != null;
  }

  private static Route route(BgpSpeaker speaker, IpPrefix prefix) {
    return speaker.routes().join().stream()
        .filter(route -> route.prefix().equals(prefix))
        .findFirst()
        .orElse(null);
  }

  private static boolean established(PeerStatus peer) {
    return peer.state() == SessionState.ESTABLISHED;
  }
}
