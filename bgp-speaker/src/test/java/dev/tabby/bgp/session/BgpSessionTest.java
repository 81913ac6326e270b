package dev.tabby.bgp.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabby.bgp.wire.AddPath;
import dev.tabby.bgp.wire.AddressFamily;
import dev.tabby.bgp.wire.AsPath;
import dev.tabby.bgp.wire.BgpCodec;
import dev.tabby.bgp.wire.BgpProtocolException;
import dev.tabby.bgp.wire.Capabilities;
import dev.tabby.bgp.wire.DecodeFailure;
import dev.tabby.bgp.wire.KeepaliveMessage;
import dev.tabby.bgp.wire.NotificationMessage;
import dev.tabby.bgp.wire.OpenMessage;
import dev.tabby.bgp.wire.Origin;
import dev.tabby.bgp.wire.PathAttributes;
import dev.tabby.bgp.wire.RouteRefreshMessage;
import dev.tabby.bgp.wire.UpdateMessage;
import dev.tabby.net.IpPrefix;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BgpSessionTest {

  private static final Inet4Address LOCAL_ID = ipv4("10.0.0.1");
  private static final Inet4Address PEER_ID = ipv4("10.0.0.2");
  private static final long LOCAL_AS = 65000;
  private static final long PEER_AS = 4_200_000_001L;
  private static final Duration CONNECT_RETRY = Duration.ofSeconds(10);
  private static final Duration OPEN_TIMEOUT = Duration.ofSeconds(30);

  private final ManualScheduler clock = new ManualScheduler();
  private final RecordingListener listener = new RecordingListener();
  private int connectAttempts;
  private int cancelledAttempts;

  private final Connector connector =
      new Connector() {
        @Override
        public Cancellable connect(BgpSession session) {
          connectAttempts++;
          return () -> cancelledAttempts++;
        }

        @Override
        public String target() {
          return "10.0.0.2:179";
        }
      };

  private BgpSession session(long peerAs, boolean passive) {
    var params =
        new SessionParameters(
            PEER_ID,
            peerAs,
            LOCAL_AS,
            LOCAL_ID,
            Duration.ofSeconds(90),
            CONNECT_RETRY,
            OPEN_TIMEOUT,
            passive,
            Set.of(AddressFamily.IPV4_UNICAST, AddressFamily.IPV6_UNICAST),
            peerAs,
            null,
            true,
            AddPath.NONE,
            false,
            null);
    return new BgpSession(params, Runnable::run, clock, connector, listener);
  }

  private static OpenMessage peerOpen(long as, int holdTime, Inet4Address id) {
    return OpenMessage.of(
        as,
        holdTime,
        id,
        Capabilities.builder()
            .multiprotocol(AddressFamily.IPV4_UNICAST)
            .fourOctetAs(as)
            .routeRefresh(true)
            .build());
  }

  /** Drives a session through the whole handshake on one connection. */
  private FakeTransport establish(BgpSession session, boolean outbound, int peerHoldTime) {
    return establish(session, outbound, peerHoldTime, PEER_AS);
  }

  private FakeTransport establish(
      BgpSession session, boolean outbound, int peerHoldTime, long peerAs) {
    FakeTransport transport = new FakeTransport(outbound);
    session.connectionUp(transport);
    session.messageReceived(transport, peerOpen(peerAs, peerHoldTime, PEER_ID));
    session.messageReceived(transport, KeepaliveMessage.INSTANCE);
    assertThat(session.status().state()).isEqualTo(SessionState.ESTABLISHED);
    return transport;
  }

  @Test
  void activePeerWalksThroughTheHandshakeToEstablished() {
    BgpSession session = session(PEER_AS, false);
    session.start();
    assertThat(session.status().state()).isEqualTo(SessionState.CONNECT);
    assertThat(connectAttempts).isEqualTo(1);

    FakeTransport transport = new FakeTransport(true);
    session.connectionUp(transport);
    assertThat(session.status().state()).isEqualTo(SessionState.OPEN_SENT);
    OpenMessage ours = (OpenMessage) transport.lastSent();
    assertThat(ours.myAs()).isEqualTo(LOCAL_AS);
    assertThat(ours.holdTime()).isEqualTo(90);
    assertThat(ours.capabilities().multiprotocol())
        .containsExactlyInAnyOrder(AddressFamily.IPV4_UNICAST, AddressFamily.IPV6_UNICAST);
    assertThat(ours.capabilities().fourOctetAs()).hasValue(LOCAL_AS);

    session.messageReceived(transport, peerOpen(PEER_AS, 30, PEER_ID));
    assertThat(session.status().state()).isEqualTo(SessionState.OPEN_CONFIRM);
    assertThat(transport.lastSent()).isEqualTo(KeepaliveMessage.INSTANCE);
    assertThat(transport.codecContext.fourOctetAs()).isTrue();

    session.messageReceived(transport, KeepaliveMessage.INSTANCE);
    assertThat(session.status().state()).isEqualTo(SessionState.ESTABLISHED);
    NegotiatedSession negotiated = listener.negotiated.get(0);
    assertThat(negotiated.holdTime()).isEqualTo(Duration.ofSeconds(30));
    assertThat(negotiated.families()).containsExactly(AddressFamily.IPV4_UNICAST);
    assertThat(negotiated.peerRouterId()).isEqualTo(PEER_ID);
    assertThat(session.status().negotiated()).isEqualTo(negotiated);
  }

  @Test
  void keepalivesGoOutAtAThirdOfTheHoldTimeAndSilenceExpiresTheHoldTimer() {
    BgpSession session = session(PEER_AS, false);
    session.start();
    FakeTransport transport = establish(session, true, 9);
    int sentBefore = transport.sent.size();

    clock.advance(Duration.ofSeconds(3));
    assertThat(transport.sent.subList(sentBefore, transport.sent.size()))
        .containsExactly(KeepaliveMessage.INSTANCE);

    session.messageReceived(transport, KeepaliveMessage.INSTANCE); // at t=3: hold runs to t=12
    clock.advance(Duration.ofSeconds(8));
    assertThat(session.status().state()).isEqualTo(SessionState.ESTABLISHED);

    clock.advance(Duration.ofSeconds(1));
    NotificationMessage sent = transport.lastNotification();
    assertThat(sent.code()).isEqualTo(4);
    assertThat(sent.subcode()).isEqualTo(0);
    assertThat(transport.closed).isTrue();
    assertThat(session.status().state()).isEqualTo(SessionState.IDLE);
    assertThat(session.status().lastError()).contains("sent NOTIFICATION 4/0");
    assertThat(listener.downs).isEqualTo(1);
    assertThat(listener.lostConnections)
        .as("hold timer expiry is a lost connection")
        .containsExactly(true);

    clock.advance(CONNECT_RETRY);
    assertThat(session.status().state()).isEqualTo(SessionState.CONNECT);
    assertThat(connectAttempts).isEqualTo(2);
  }

  @Test
  void aShorterKeepaliveTimeIsTakenByTheRunningSessionAndCappedByTheNegotiatedHoldTime() {
    BgpSession session = session(PEER_AS, false);
    session.keepaliveTime(Duration.ofSeconds(20));
    session.start();
    FakeTransport transport = establish(session, true, 90);
    int sentBefore = transport.sent.size();

    clock.advance(Duration.ofSeconds(19));
    assertThat(transport.sent).hasSize(sentBefore);
    clock.advance(Duration.ofSeconds(1));
    assertThat(transport.sent).hasSize(sentBefore + 1);

    session.keepaliveTime(Duration.ofSeconds(5));
    clock.advance(Duration.ofSeconds(5));
    assertThat(transport.sent.subList(sentBefore + 1, transport.sent.size()))
        .containsExactly(KeepaliveMessage.INSTANCE);
    assertThat(session.status().state()).isEqualTo(SessionState.ESTABLISHED);
    assertThat(connectAttempts).as("no reset").isEqualTo(1);

    // A peer proposing 9 s caps the interval at 3 s whatever was configured.
    BgpSession capped = session(PEER_AS, false);
    capped.keepaliveTime(Duration.ofSeconds(20));
    capped.start();
    FakeTransport cappedTransport = establish(capped, true, 9);
    int cappedBefore = cappedTransport.sent.size();
    clock.advance(Duration.ofSeconds(3));
    assertThat(cappedTransport.sent.subList(cappedBefore, cappedTransport.sent.size()))
        .containsExactly(KeepaliveMessage.INSTANCE);
  }

  @Test
  void holdTimeZeroMeansNoKeepalivesAndNoHoldTimer() {
    BgpSession session = session(PEER_AS, false);
    session.start();
    FakeTransport transport = establish(session, true, 0);
    int sentBefore = transport.sent.size();

    clock.advance(Duration.ofHours(1));
    assertThat(session.status().state()).isEqualTo(SessionState.ESTABLISHED);
    assertThat(transport.sent).hasSize(sentBefore);
  }

  @Test
  void holdTimeOfOneOrTwoSecondsIsRefused() {
    BgpSession session = session(PEER_AS, false);
    session.start();
    FakeTransport transport = new FakeTransport(true);
    session.connectionUp(transport);
    session.messageReceived(transport, peerOpen(PEER_AS, 2, PEER_ID));

    assertNotification(transport, 2, 6);
    assertThat(session.status().state()).isEqualTo(SessionState.IDLE);
  }

  @Test
  void wrongPeerAsIsRefusedWithBadPeerAs() {
    BgpSession session = session(PEER_AS, false);
    session.start();
    FakeTransport transport = new FakeTransport(true);
    session.connectionUp(transport);
    session.messageReceived(transport, peerOpen(65002, 90, PEER_ID));

    assertNotification(transport, 2, 2);
    assertThat(session.status().lastError()).contains("AS 65002").contains("2/2");
  }

  @Test
  void internalPeerWithOurIdentifierIsRefusedWithBadBgpIdentifier() {
    BgpSession session = session(LOCAL_AS, false);
    session.start();
    FakeTransport transport = new FakeTransport(true);
    session.connectionUp(transport);
    session.messageReceived(transport, peerOpen(LOCAL_AS, 90, LOCAL_ID));

    assertNotification(transport, 2, 3);
  }

  @Test
  void otherVersionsAreRefusedNamingVersionFour() {
    BgpSession session = session(PEER_AS, false);
    session.start();
    FakeTransport transport = new FakeTransport(true);
    session.connectionUp(transport);
    OpenMessage v3 = new OpenMessage(3, PEER_AS, 90, PEER_ID, Capabilities.NONE);
    session.messageReceived(transport, v3);

    assertNotification(transport, 2, 1);
    assertThat(transport.lastNotification().data()).containsExactly(0, 4);
  }

  @Test
  void anUpdateBeforeEstablishedIsAnFsmError() {
    BgpSession session = session(PEER_AS, false);
    session.start();
    FakeTransport transport = new FakeTransport(true);
    session.connectionUp(transport);
    session.messageReceived(transport, UpdateMessage.withdraw(List.of()));

    assertNotification(transport, 5, 1);
  }

  @Test
  void collisionKeepsTheConnectionInitiatedByTheHigherIdentifier() {
    // Our identifier 10.0.0.1 is lower than the peer's 10.0.0.2: the peer's connection survives.
    BgpSession session = session(PEER_AS, false);
    session.start();
    FakeTransport ours = new FakeTransport(true);
    session.connectionUp(ours);
    session.messageReceived(ours, peerOpen(PEER_AS, 90, PEER_ID));
    assertThat(session.status().state()).isEqualTo(SessionState.OPEN_CONFIRM);

    FakeTransport theirs = new FakeTransport(false);
    session.connectionUp(theirs);
    session.messageReceived(theirs, peerOpen(PEER_AS, 90, PEER_ID));

    assertNotification(ours, 6, 7);
    assertThat(theirs.closed).isFalse();
    session.messageReceived(theirs, KeepaliveMessage.INSTANCE);
    assertThat(session.status().state()).isEqualTo(SessionState.ESTABLISHED);
    assertThat(listener.established).containsExactly(theirs);
  }

  @Test
  void collisionClosesThePeersConnectionWhenOurIdentifierIsHigher() {
    BgpSession session = session(PEER_AS, false);
    session.start();
    Inet4Address lowerPeerId = ipv4("9.9.9.9");
    FakeTransport theirs = new FakeTransport(false);
    session.connectionUp(theirs);
    session.messageReceived(theirs, peerOpen(PEER_AS, 90, lowerPeerId));

    FakeTransport ours = new FakeTransport(true);
    session.connectionUp(ours);
    session.messageReceived(ours, peerOpen(PEER_AS, 90, lowerPeerId));

    assertNotification(theirs, 6, 7);
    assertThat(ours.closed).isFalse();
    assertThat(session.status().state()).isEqualTo(SessionState.OPEN_CONFIRM);
  }

  @Test
  void aConnectionCollidingWithAnEstablishedOneIsClosed() {
    BgpSession session = session(PEER_AS, false);
    session.start();
    FakeTransport established = establish(session, true, 90);

    FakeTransport late = new FakeTransport(false);
    session.connectionUp(late);

    assertNotification(late, 6, 7);
    assertThat(established.closed).isFalse();
    assertThat(session.status().state()).isEqualTo(SessionState.ESTABLISHED);
  }

  @Test
  void aConnectionWithoutAnOpenWithinTheOpenTimeoutIsClosed() {
    BgpSession session = session(PEER_AS, true);
    session.start();
    FakeTransport silent = new FakeTransport(false);
    session.connectionUp(silent);

    clock.advance(OPEN_TIMEOUT.minusMillis(1));
    assertThat(silent.closed).isFalse();
    clock.advance(Duration.ofMillis(1));

    assertNotification(silent, 4, 0);
    assertThat(session.status().lastError()).endsWith("no OPEN within 30s");
    assertThat(session.status().state()).isEqualTo(SessionState.ACTIVE);
  }

  @Test
  void aSecondConnectionInTheSameDirectionIsRefusedAtOnce() {
    BgpSession session = session(PEER_AS, true);
    session.start();
    FakeTransport first = new FakeTransport(false);
    session.connectionUp(first);

    FakeTransport second = new FakeTransport(false);
    session.connectionUp(second);

    assertNotification(second, 6, 5);
    assertThat(second.sent).as("no OPEN for the refused one").hasSize(1);
    assertThat(first.closed).isFalse();
  }

  @Test
  void afterAPrefixLimitTheSessionStaysDownForTheRestartIntervalThenConnects() {
    BgpSession session = session(PEER_AS, false);
    session.start();
    FakeTransport transport = establish(session, true, 90);
    Duration restart = CONNECT_RETRY.multipliedBy(3);

    session.closeAndStayDown(
        transport, NotificationMessage.of(6, 1), "more than 10 prefixes", restart);

    assertNotification(transport, 6, 1);
    assertThat(session.status().state()).isEqualTo(SessionState.IDLE);
    assertThat(session.downUntil()).isNotNull();
    assertThat(listener.downs).isEqualTo(1);
    FakeTransport inbound = new FakeTransport(false);
    session.connectionUp(inbound);
    assertThat(inbound.closed).as("the peer's connection is refused while down").isTrue();
    assertThat(inbound.sent).as("no OPEN for it").isEmpty();
    clock.advance(restart.minusMillis(1));
    assertThat(connectAttempts).as("no connection while down").isEqualTo(1);

    clock.advance(Duration.ofMillis(1));
    assertThat(connectAttempts).isEqualTo(2);
    assertThat(session.status().state()).isEqualTo(SessionState.CONNECT);
    assertThat(session.downUntil()).isNull();
    establish(session, true, 90);
  }

  @Test
  void aStopDuringTheStayDownCancelsTheReconnect() {
    BgpSession session = session(PEER_AS, false);
    session.start();
    FakeTransport transport = establish(session, true, 90);
    session.closeAndStayDown(transport, NotificationMessage.of(6, 1), "limit", CONNECT_RETRY);

    session.stop(NotificationMessage.of(6, 3));
    clock.advance(CONNECT_RETRY.multipliedBy(5));

    assertThat(connectAttempts).isEqualTo(1);
    assertThat(session.status().state()).isEqualTo(SessionState.IDLE);
    assertThat(session.downUntil()).isNull();
  }

  @Test
  void anInboundConnectionWithoutItsOpenDoesNotStopOurConnecting() {
    BgpSession session = session(PEER_AS, false);
    session.start();
    session.connectFailed("Connection refused");
    session.connectionUp(new FakeTransport(false)); // never sends its OPEN

    clock.advance(CONNECT_RETRY);

    assertThat(connectAttempts).as("our own connection is attempted again").isEqualTo(2);
  }

  @Test
  void aConnectionThatNeverSentItsOpenNeitherBlocksNorDisplacesTheRealSession() {
    // A connection from the peer's address (perhaps spoofed) that never sends an OPEN.
    BgpSession session = session(PEER_AS, false);
    session.start();
    FakeTransport halfOpen = new FakeTransport(false);
    session.connectionUp(halfOpen);

    FakeTransport ours = new FakeTransport(true);
    session.connectionUp(ours);
    session.messageReceived(ours, peerOpen(PEER_AS, 90, PEER_ID));
    session.messageReceived(ours, KeepaliveMessage.INSTANCE);

    assertThat(session.status().state()).isEqualTo(SessionState.ESTABLISHED);
    assertThat(ours.sent).noneMatch(NotificationMessage.class::isInstance);
    clock.advance(OPEN_TIMEOUT);
    assertNotification(halfOpen, 4, 0);
    assertThat(ours.closed).isFalse();
    assertThat(session.status().state()).isEqualTo(SessionState.ESTABLISHED);
  }

  /** Two connections opened together: ours, and the peer's whose OPEN has not come yet. */
  private record Collision(FakeTransport ours, FakeTransport theirs) {}

  /** Our connection gets to Established while the peer's, opened meanwhile, waits for its OPEN. */
  private Collision oursEstablishedFirst(BgpSession session, Inet4Address peerId) {
    session.start();
    FakeTransport ours = new FakeTransport(true);
    session.connectionUp(ours);
    session.messageReceived(ours, peerOpen(PEER_AS, 90, peerId));
    FakeTransport theirs = new FakeTransport(false);
    session.connectionUp(theirs);
    session.messageReceived(ours, KeepaliveMessage.INSTANCE);
    assertThat(session.status().state()).isEqualTo(SessionState.ESTABLISHED);
    session.messageReceived(theirs, peerOpen(PEER_AS, 90, peerId));
    return new Collision(ours, theirs);
  }

  @Test
  void aCollisionClosesTheConnectionTheIdentifiersSayEvenWhenItIsEstablished() {
    // Our identifier is lower: the peer's connection must survive, though ours got to
    // Established first. The peer, comparing the same identifiers, closes ours too.
    BgpSession session = session(PEER_AS, false);
    Collision collision = oursEstablishedFirst(session, PEER_ID);

    assertNotification(collision.ours(), 6, 7);
    assertThat(collision.theirs().closed).as("the connection the identifiers keep").isFalse();
    assertThat(listener.downs).isEqualTo(1);
    session.messageReceived(collision.theirs(), KeepaliveMessage.INSTANCE);
    assertThat(session.status().state()).isEqualTo(SessionState.ESTABLISHED);
    assertThat(listener.established).containsExactly(collision.ours(), collision.theirs());
  }

  @Test
  void aCollisionKeepsTheEstablishedConnectionWhenTheIdentifiersSaySo() {
    BgpSession session = session(PEER_AS, false);
    Collision collision = oursEstablishedFirst(session, ipv4("9.9.9.9"));

    assertNotification(collision.theirs(), 6, 7);
    assertThat(collision.ours().closed).isFalse();
    assertThat(listener.downs).isZero();
    assertThat(session.status().state()).isEqualTo(SessionState.ESTABLISHED);
  }

  @Test
  void whileReadingIsPausedTheHoldTimerWaitsAndCountsAgainFromTheResume() {
    BgpSession session = session(PEER_AS, false);
    session.start();
    FakeTransport transport = establish(session, true, 9);
    int sentBefore = transport.sent.size();

    transport.readingPaused = true;
    session.readingPaused(transport, 256);
    clock.advance(Duration.ofSeconds(60));
    assertThat(session.status().state()).isEqualTo(SessionState.ESTABLISHED);
    assertThat(transport.sent.subList(sentBefore, transport.sent.size()))
        .as("our KEEPALIVEs go on every 3 s")
        .hasSize(20)
        .containsOnly(KeepaliveMessage.INSTANCE);
    assertThat(session.readPauses()).isEqualTo(1);

    transport.readingPaused = false;
    session.readingResumed(transport); // at t=60: the peer has until t=69
    clock.advance(Duration.ofSeconds(8));
    assertThat(session.status().state()).isEqualTo(SessionState.ESTABLISHED);
    clock.advance(Duration.ofSeconds(1));
    assertNotification(transport, 4, 0);
  }

  @Test
  void everyUpdateOfAConnectionCarriesItsProcessedCallback() {
    BgpSession session = session(PEER_AS, false);
    session.start();
    FakeTransport transport = establish(session, true, 90);
    session.messageReceived(transport, UpdateMessage.withdraw(List.of()));
    session.messageReceived(transport, UpdateMessage.withdraw(List.of()));

    assertThat(listener.unprocessed).hasSize(2);
    assertThat(listener.unprocessed.get(0)).isSameAs(listener.unprocessed.get(1));
    listener.unprocessed.forEach(Runnable::run);
    assertThat(transport.updatesProcessed).isEqualTo(2);
  }

  @Test
  void onlyTheEstablishedConnectionBeingWritableReachesTheListener() {
    BgpSession session = session(PEER_AS, false);
    session.start();
    FakeTransport opening = new FakeTransport(false);
    session.connectionUp(opening);
    session.writable(opening);
    assertThat(listener.writableEvents).isZero();

    session.messageReceived(opening, peerOpen(PEER_AS, 90, PEER_ID));
    session.messageReceived(opening, KeepaliveMessage.INSTANCE);
    session.writable(opening);
    assertThat(listener.writableEvents).isEqualTo(1);
  }

  @Test
  void passivePeerNeverConnectsAndWaitsInActive() {
    BgpSession session = session(PEER_AS, true);
    session.start();
    clock.advance(CONNECT_RETRY.multipliedBy(5));

    assertThat(session.status().state()).isEqualTo(SessionState.ACTIVE);
    assertThat(connectAttempts).isZero();
    establish(session, false, 90);
  }

  @Test
  void failedConnectGoesActiveAndRetriesAfterTheJitteredConnectRetryTime() {
    BgpSession session = session(PEER_AS, false);
    session.start();
    session.connectFailed("connection refused");
    assertThat(session.status().state()).isEqualTo(SessionState.ACTIVE);
    assertThat(session.status().lastError())
        .isEqualTo("connect to 10.0.0.2:179 failed: connection refused");

    clock.advance(CONNECT_RETRY.multipliedBy(3).dividedBy(4).minusMillis(1));
    assertThat(connectAttempts).isEqualTo(1);
    clock.advance(CONNECT_RETRY.dividedBy(4).plusMillis(1));
    assertThat(connectAttempts).isEqualTo(2);
    assertThat(session.status().state()).isEqualTo(SessionState.CONNECT);
  }

  @Test
  void aHangingConnectAttemptIsAbandonedWhenConnectRetryExpires() {
    BgpSession session = session(PEER_AS, false);
    session.start();
    clock.advance(CONNECT_RETRY);

    assertThat(cancelledAttempts).isEqualTo(1);
    assertThat(connectAttempts).isEqualTo(2);
    assertThat(session.status().lastError())
        .isEqualTo("connect to 10.0.0.2:179 failed: no answer from the peer");
  }

  @Test
  void noAnswerToASignedConnectionSuggestsAPasswordMismatch() {
    Connector signed =
        new SilentConnector("10.0.0.2:179") {
          @Override
          public boolean signed() {
            return true;
          }
        };
    BgpSession session =
        new BgpSession(
            session(PEER_AS, false).parameters(), Runnable::run, clock, signed, listener);
    session.start();
    clock.advance(CONNECT_RETRY);

    assertThat(session.status().lastError())
        .isEqualTo(
            "connect to 10.0.0.2:179 failed: no answer from the peer"
                + Connector.SIGNED_SILENCE_HINT);
  }

  @Test
  void receivedNotificationIsRecordedAndTheSessionGoesIdle() {
    BgpSession session = session(PEER_AS, false);
    session.start();
    FakeTransport transport = establish(session, true, 90);
    session.messageReceived(transport, NotificationMessage.cease(2, "maintenance"));

    assertThat(session.status().state()).isEqualTo(SessionState.IDLE);
    assertThat(session.status().lastError())
        .contains("received NOTIFICATION 6/2")
        .contains("maintenance");
    assertThat(transport.closed).isTrue();
    assertThat(listener.downs).isEqualTo(1);
    assertThat(listener.lostConnections)
        .as("ended by the peer's NOTIFICATION")
        .containsExactly(false);
  }

  @Test
  void aConnectionThatBreaksIsALostConnection() {
    BgpSession session = session(PEER_AS, false);
    session.start();
    FakeTransport transport = establish(session, true, 90);
    session.connectionDown(transport, "connection reset by peer");

    assertThat(listener.lostConnections).containsExactly(true);
  }

  @Test
  void malformedInputSendsTheDecodersNotification() {
    BgpSession session = session(PEER_AS, false);
    session.start();
    FakeTransport transport = establish(session, true, 90);
    session.decodeFailed(
        transport, new DecodeFailure(NotificationMessage.of(3, 11), "AS_PATH segment overruns"));

    assertNotification(transport, 3, 11);
    assertThat(listener.downs).isEqualTo(1);
    assertThat(listener.lostConnections).containsExactly(false);
  }

  @Test
  void stopSendsTheCeaseAndStaysIdle() {
    BgpSession session = session(PEER_AS, false);
    session.start();
    FakeTransport transport = establish(session, true, 90);
    session.stop(NotificationMessage.of(6, 3));

    assertNotification(transport, 6, 3);
    clock.advance(CONNECT_RETRY.multipliedBy(3));
    assertThat(session.status().state()).isEqualTo(SessionState.IDLE);
    assertThat(connectAttempts).isEqualTo(1);
  }

  @Test
  void updatesAndRefreshesOfNegotiatedFamiliesReachTheListener() {
    BgpSession session = session(PEER_AS, false);
    session.start();
    FakeTransport transport = establish(session, true, 90);
    UpdateMessage update = UpdateMessage.withdraw(List.of());
    session.messageReceived(transport, update);
    session.messageReceived(transport, RouteRefreshMessage.of(AddressFamily.IPV4_UNICAST));
    session.messageReceived(transport, RouteRefreshMessage.of(AddressFamily.IPV6_UNICAST));

    assertThat(listener.updates).containsExactly(update);
    assertThat(listener.refreshes).containsExactly(AddressFamily.IPV4_UNICAST);
  }

  @Test
  void refreshesMoreOftenThanTheMinimumIntervalAreMergedIntoOne() {
    BgpSession session = session(PEER_AS, false);
    session.start();
    FakeTransport transport = establish(session, true, 90);
    for (int i = 0; i < 50; i++) {
      session.messageReceived(transport, RouteRefreshMessage.of(AddressFamily.IPV4_UNICAST));
    }
    assertThat(listener.refreshes).as("the first at once").hasSize(1);

    clock.advance(BgpSession.MIN_REFRESH_INTERVAL.minusMillis(1));
    assertThat(listener.refreshes).hasSize(1);
    clock.advance(Duration.ofMillis(1));
    assertThat(listener.refreshes).as("the 49 others as one").hasSize(2);

    clock.advance(BgpSession.MIN_REFRESH_INTERVAL.multipliedBy(3));
    assertThat(listener.refreshes).hasSize(2);
    session.messageReceived(transport, RouteRefreshMessage.of(AddressFamily.IPV4_UNICAST));
    assertThat(listener.refreshes).as("after a quiet interval, at once").hasSize(3);
  }

  @Test
  void theCodecDiscardsLocalPrefFromAnExternalPeerOnlyAndRejectsItsConfederationSegments()
      throws BgpProtocolException {
    FakeTransport external = establishedWith(PEER_AS);
    FakeTransport internal = establishedWith(LOCAL_AS);
    assertThat(external.codecContext.externalPeer()).isTrue();
    assertThat(internal.codecContext.externalPeer()).isFalse();

    PathAttributes withLocalPref =
        PathAttributes.builder()
            .origin(Origin.IGP)
            .asPath(AsPath.sequence(PEER_AS))
            .nextHop(PEER_ID)
            .localPref(200)
            .build();
    assertThat(roundTrip(withLocalPref, external).attributes().hasLocalPref())
        .as("RFC 4271 §5.1.5: LOCAL_PREF from an external peer is ignored")
        .isFalse();
    assertThat(roundTrip(withLocalPref, internal).attributes().localPref()).isEqualTo(200);

    PathAttributes confederation =
        withLocalPref.toBuilder()
            .asPath(
                AsPath.of(
                    List.of(
                        new AsPath.Segment(
                            AsPath.SegmentType.CONFED_SEQUENCE, new long[] {64512}))))
            .build();
    assertThat(decoded(confederation, external).treatAsWithdrawReason())
        .as("RFC 7606 §7.2: only confederation members send confederation segments")
        .isPresent();
    assertThat(decoded(confederation, internal).treatAsWithdrawReason()).isEmpty();
  }

  private FakeTransport establishedWith(long peerAs) {
    BgpSession session = session(peerAs, false);
    session.start();
    return establish(session, true, 90, peerAs);
  }

  /** The UPDATE's one reach after encoding and decoding it as the transport's codec would. */
  private static UpdateMessage.Reach roundTrip(PathAttributes attributes, FakeTransport transport)
      throws BgpProtocolException {
    return decoded(attributes, transport).reach().get(0);
  }

  private static UpdateMessage decoded(PathAttributes attributes, FakeTransport transport)
      throws BgpProtocolException {
    UpdateMessage update =
        UpdateMessage.announce(attributes, List.of(IpPrefix.parse("10.1.0.0/24")));
    ByteBuf wire =
        BgpCodec.encode(update, transport.codecContext, UnpooledByteBufAllocator.DEFAULT);
    try {
      return (UpdateMessage) BgpCodec.decode(wire, transport.codecContext);
    } finally {
      wire.release();
    }
  }

  private static void assertNotification(FakeTransport transport, int code, int subcode) {
    NotificationMessage sent = transport.lastNotification();
    assertThat(sent.code() + "/" + sent.subcode()).isEqualTo(code + "/" + subcode);
    assertThat(transport.closed).as("connection closed after the NOTIFICATION").isTrue();
  }

  private static Inet4Address ipv4(String text) {
    try {
      return (Inet4Address) InetAddress.getByName(text);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static final class RecordingListener implements SessionListener {
    final List<NegotiatedSession> negotiated = new ArrayList<>();
    final List<Transport> established = new ArrayList<>();
    final List<UpdateMessage> updates = new ArrayList<>();
    final List<AddressFamily> refreshes = new ArrayList<>();
    final List<Runnable> unprocessed = new ArrayList<>();
    int writableEvents;
    int downs;
    final List<Boolean> lostConnections = new ArrayList<>();

    @Override
    public void established(BgpSession session, NegotiatedSession n, Transport transport) {
      negotiated.add(n);
      established.add(transport);
    }

    @Override
    public void update(BgpSession session, UpdateMessage update, Runnable processed) {
      updates.add(update);
      unprocessed.add(processed);
    }

    @Override
    public void writable(BgpSession session) {
      writableEvents++;
    }

    @Override
    public void routeRefresh(BgpSession session, AddressFamily family) {
      refreshes.add(family);
    }

    @Override
    public void down(BgpSession session, boolean connectionLost) {
      downs++;
      lostConnections.add(connectionLost);
    }
  }
}
