package dev.tabby.bgp;

import static dev.tabby.bgp.LoopbackSpeakers.A;
import static dev.tabby.bgp.LoopbackSpeakers.B;
import static dev.tabby.bgp.LoopbackSpeakers.C;
import static dev.tabby.bgp.LoopbackSpeakers.peer;
import static dev.tabby.bgp.LoopbackSpeakers.speaker;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tabby.bgp.rib.BestPathChange;
import dev.tabby.bgp.rib.BestPathListener;
import dev.tabby.bgp.rib.Route;
import dev.tabby.bgp.session.EventLoops;
import dev.tabby.bgp.session.SessionState;
import dev.tabby.bgp.session.TcpMd5Exception;
import dev.tabby.bgp.wire.Communities;
import dev.tabby.net.IpPrefix;
import dev.tabby.testbench.Wait;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two embedded speakers talking over loopback addresses, and what their listeners hear. */
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

    Wait.until("A's session with B Established", DEADLINE, a::peers, BgpSpeakerTest::established);
    PeerStatus status = a.peers().get(0);
    assertThat(status.negotiated().fourOctetAs()).isTrue();
    assertThat(status.uptime().isNegative()).isFalse();

    IpPrefix prefix = IpPrefix.parse("10.1.0.0/24");
    a.originate(prefix, Communities.parse("65001:7"));
    Wait.until(
        "B learns " + prefix,
        DEADLINE,
        () -> routes(b),
        routes -> routes.stream().anyMatch(p -> p.prefix().equals(prefix)));
    Route learned = routes(b).stream().filter(p -> p.prefix().equals(prefix)).findFirst().get();
    assertThat(learned.attributes().asPath().toString()).contains("65001");
    assertThat(learned.attributes().communities().contains(Communities.parse("65001:7"))).isTrue();
    Wait.until(
        "B counts the route", DEADLINE, b::peers, peers -> peers.get(0).counters().accepted() == 1);

    a.withdraw(prefix);
    Wait.until(
        "B forgets " + prefix,
        DEADLINE,
        () -> routes(b),
        routes -> routes.stream().noneMatch(p -> p.prefix().equals(prefix)));
  }

  @Test
  void removingAPeerSendsPeerDeconfigured() {
    a = speaker(A, 65001);
    b = speaker(B, 65001);
    // B is passive: if it reconnected after the Cease, A (no longer knowing B) would refuse the
    // connection, and B's last error would say "connection closed" before this test looked.
    b.addPeer(PeerConfig.builder(A, 65001).localAddress(B).passive(true).build());
    a.addPeer(peer(b, A));
    Wait.until("B Established", DEADLINE, b::peers, BgpSpeakerTest::established);

    assertThat(a.removePeer(B)).isTrue();

    Wait.until(
        "B hears Cease / Peer De-configured, as a Hard Reset (both set the N bit, RFC 8538)",
        DEADLINE,
        b::peers,
        peers ->
            String.valueOf(peers.get(0).lastError())
                .contains(
                    "received NOTIFICATION 6/9 (Cease / Hard Reset: Cease / Peer De-configured"));
    assertThat(a.peers()).isEmpty();
  }

  @Test
  void setPeersLeavesAnUnchangedPeerAloneAndRestartsAChangedOne() {
    a = speaker(A, 65001);
    b = speaker(B, 65002);
    b.addPeer(peer(a, B));
    PeerConfig toB = peer(b, A);
    assertThat(a.setPeers(List.of(toB)))
        .isEqualTo(new BgpSpeaker.PeerChanges(1, 0, 0, 0, List.of()));
    Wait.until("A Established with B", DEADLINE, a::peers, BgpSpeakerTest::established);

    Duration upBefore = a.peers().get(0).uptime();
    assertThat(a.setPeers(List.of(toB)))
        .isEqualTo(new BgpSpeaker.PeerChanges(0, 0, 0, 0, List.of()));
    assertThat(a.peers().get(0).state()).isEqualTo(SessionState.ESTABLISHED);
    assertThat(a.peers().get(0).uptime()).isGreaterThanOrEqualTo(upBefore);

    PeerConfig shorterHold =
        PeerConfig.builder(B, 65002)
            .localAddress(A)
            .port(toB.port())
            .holdTime(Duration.ofSeconds(9))
            .connectRetryTime(toB.connectRetryTime())
            .build();
    assertThat(a.setPeers(List.of(shorterHold)))
        .isEqualTo(new BgpSpeaker.PeerChanges(0, 0, 1, 0, List.of()));
    Wait.until(
        "the session comes back with the new hold time",
        DEADLINE,
        a::peers,
        peers ->
            established(peers)
                && peers.get(0).negotiated().holdTime().equals(Duration.ofSeconds(9)));

    // The keepalive time is not in the OPEN: the session takes it without a reset.
    Duration upWithShorterHold = a.peers().get(0).uptime();
    assertThat(a.setPeers(List.of(shorterHold.withKeepaliveTime(Duration.ofSeconds(1)))))
        .isEqualTo(new BgpSpeaker.PeerChanges(0, 0, 0, 1, List.of()));
    assertThat(a.peers().get(0).state()).isEqualTo(SessionState.ESTABLISHED);
    assertThat(a.peers().get(0).uptime()).isGreaterThanOrEqualTo(upWithShorterHold);

    assertThat(a.setPeers(List.of())).isEqualTo(new BgpSpeaker.PeerChanges(0, 1, 0, 0, List.of()));
    assertThat(a.peers()).isEmpty();
  }

  @Test
  void closingSendsAdministrativeShutdownToEveryPeer() {
    a = speaker(A, 65001);
    b = speaker(B, 65002);
    a.addPeer(peer(b, A));
    b.addPeer(peer(a, B));
    Wait.until("B Established", DEADLINE, b::peers, BgpSpeakerTest::established);

    a.close();
    a = null;

    Wait.until(
        "B hears Cease / Administrative Shutdown, as a Hard Reset (both set the N bit, RFC 8538)",
        DEADLINE,
        b::peers,
        peers ->
            String.valueOf(peers.get(0).lastError())
                .contains(
                    "received NOTIFICATION 6/9 (Cease / Hard Reset: Cease / Administrative Shutdown"));
  }

  @Test
  void connectionsFromUnconfiguredAddressesAreClosedWithoutASession() throws IOException {
    a = speaker(A, 65001);
    try (Socket stranger = new Socket()) {
      stranger.bind(new InetSocketAddress(B, 0)); // A has no peer at B
      stranger.connect(a.listenAddress(), (int) DEADLINE.toMillis());
      // A read that times out instead throws: the speaker kept the connection open.
      stranger.setSoTimeout((int) DEADLINE.toMillis());

      assertThat(stranger.getInputStream().read())
          .as("what the stranger reads: end of stream once A closes the connection, no OPEN")
          .isEqualTo(-1);
    }
    assertThat(a.peers()).isEmpty();
  }

  @Test
  void aDeadRibThreadIsReportedAsTheSpeakersFailure() {
    a = speaker(A, 65001);
    // An Error escaping a listener is not caught: the RIB thread dies of it.
    a.addBestPathListener(
        changes -> {
          throw new AssertionError("listener broke");
        });
    a.originate(IpPrefix.parse("10.1.0.0/24"));

    assertThat(a.failure())
        .succeedsWithin(DEADLINE)
        .isEqualTo("the RIB thread died: java.lang.AssertionError: listener broke");
  }

  @Test
  void closingIsNoFailure() {
    a = speaker(A, 65001);
    a.close();

    assertThat(a.failure()).isNotDone();
    a = null;
  }

  @Test
  void peerWithPasswordIsRefusedWhenSegmentsCannotBeSigned() throws IOException {
    // NIO stands for a host where Netty's native library did not load (noexec /tmp, noNative).
    a =
        BgpSpeaker.start(
            new SpeakerConfig(A, 65001, new InetSocketAddress(A, 0), null), EventLoops.nio(2));

    assertThatThrownBy(
            () -> a.addPeer(PeerConfig.builder(B, 65002).password("s3cret").passive(true).build()))
        .isInstanceOf(TcpMd5Exception.class)
        .hasMessageStartingWith("TCP MD5 password of peer 127.0.0.2 needs Netty's native epoll")
        .hasMessageContaining("-Dio.netty.native.workdir");
    assertThat(a.peers()).isEmpty();

    // Declared together with a peer without a password, only the password peer is refused.
    PeerConfig plain = PeerConfig.builder(C, 65003).passive(true).build();
    assertThat(
            a.setPeers(
                List.of(
                    PeerConfig.builder(B, 65002).password("s3cret").passive(true).build(), plain)))
        .isEqualTo(new BgpSpeaker.PeerChanges(1, 0, 0, 0, List.of(B)));
    assertThat(a.peers()).extracting(PeerStatus::address).containsExactly(plain.address());

    // An unsigned connection from that peer's address is closed before any OPEN: no OpenSent.
    try (Socket unsigned = new Socket()) {
      unsigned.bind(new InetSocketAddress(B, 0));
      unsigned.connect(a.listenAddress(), 10_000);
      unsigned.setSoTimeout(10_000);
      assertThat(unsigned.getInputStream().read()).as("first byte from the speaker").isEqualTo(-1);
    }
  }

  private static List<Route> routes(BgpSpeaker speaker) {
    return speaker.routes().join();
  }

  @Test
  void sessionListenerHearsEveryTransitionUpToEstablishedAndTheWayDown() {
    a = speaker(A, 65001);
    b = speaker(B, 65002);
    a.addSessionListener(
        change -> {
          throw new IllegalStateException("a broken listener");
        });
    Transitions heard = new Transitions();
    a.addSessionListener(heard);

    connectOneWay();
    heard.await("A's session with B Established", SessionState.ESTABLISHED);
    List<SessionStateChange> up = heard.changes();
    assertThat(up.get(0).peer()).isEqualTo(B);
    assertThat(up.get(0).from()).isEqualTo(SessionState.IDLE);
    assertChained(up);

    assertThat(a.removePeer(B)).isTrue();
    SessionStateChange down =
        Wait.until(
            "A's session with B leaves Established",
            DEADLINE,
            () -> heard.from(SessionState.ESTABLISHED),
            change -> change != null);
    assertThat(down.to()).isEqualTo(SessionState.IDLE);
    assertThat(down.error())
        .startsWith("sent NOTIFICATION 6/9 (Cease / Hard Reset: Cease / Peer De-configured");
    assertChained(heard.changes());
  }

  @Test
  void removedSessionListenerHearsNothingMore() {
    a = speaker(A, 65001);
    b = speaker(B, 65002);
    // Added first, so it would be told of a change before the listener the test waits on.
    Transitions removed = new Transitions();
    Transitions kept = new Transitions();
    a.addSessionListener(removed);
    a.addSessionListener(kept);
    connectOneWay();
    kept.await("A's session with B Established", SessionState.ESTABLISHED);

    assertThat(a.removeSessionListener(removed)).isTrue();
    int heardBefore = removed.changes().size();
    assertThat(heardBefore).isPositive();
    assertThat(a.removeSessionListener(removed)).isFalse();
    a.removePeer(B);

    Wait.until(
        "the kept listener hears the session leave Established",
        DEADLINE,
        () -> kept.from(SessionState.ESTABLISHED) != null);
    assertThat(removed.changes()).hasSize(heardBefore);
  }

  @Test
  void removedBestPathListenerHearsNothingMore() {
    a = speaker(A, 65001);
    // Added first, so it would be told of a change before the listener the test waits on.
    BestPaths removed = new BestPaths();
    BestPaths kept = new BestPaths();
    a.addBestPathListener(removed);
    a.addBestPathListener(kept);
    IpPrefix first = IpPrefix.parse("10.1.0.0/24");
    a.originate(first);
    Wait.until("the kept listener hears " + first, DEADLINE, () -> kept.heard(first));
    assertThat(removed.heard(first)).isTrue();

    a.removeBestPathListener(removed);
    IpPrefix second = IpPrefix.parse("10.2.0.0/24");
    a.originate(second);

    Wait.until("the kept listener hears " + second, DEADLINE, () -> kept.heard(second));
    assertThat(removed.heard(second)).isFalse();
  }

  /** A and B configured as each other's peers. */
  private void connect() {
    a.addPeer(peer(b, A));
    b.addPeer(peer(a, B));
  }

  /**
   * A connects and B only listens: one connection, so no collision resolution (which may close an
   * Established connection in favour of the other, RFC 4271 §8.1.1) adds transitions of its own.
   */
  private void connectOneWay() {
    a.addPeer(peer(b, A));
    b.addPeer(PeerConfig.builder(A, a.config().localAs()).localAddress(B).passive(true).build());
  }

  /** Each change starts where the previous one ended. */
  private static void assertChained(List<SessionStateChange> changes) {
    for (int i = 1; i < changes.size(); i++) {
      assertThat(changes.get(i).from()).as("change %d", i).isEqualTo(changes.get(i - 1).to());
    }
  }

  private static final class Transitions implements SessionStateListener {
    private final List<SessionStateChange> changes = new CopyOnWriteArrayList<>();

    @Override
    public void sessionStateChanged(SessionStateChange change) {
      changes.add(change);
    }

    List<SessionStateChange> changes() {
      return List.copyOf(changes);
    }

    void await(String expectation, SessionState state) {
      Wait.until(
          expectation, DEADLINE, () -> changes.stream().anyMatch(change -> change.to() == state));
    }

    /** The first change out of {@code state}; null when there was none. */
    SessionStateChange from(SessionState state) {
      return changes.stream().filter(change -> change.from() == state).findFirst().orElse(null);
    }
  }

  private static final class BestPaths implements BestPathListener {
    private final List<IpPrefix> prefixes = new CopyOnWriteArrayList<>();

    @Override
    public void bestPathsChanged(List<BestPathChange> changes) {
      changes.forEach(change -> prefixes.add(change.prefix()));
    }

    boolean heard(IpPrefix prefix) {
      return prefixes.contains(prefix);
    }
  }

  private static boolean established(List<PeerStatus> peers) {
    return peers.get(0).state() == SessionState.ESTABLISHED;
  }
}
