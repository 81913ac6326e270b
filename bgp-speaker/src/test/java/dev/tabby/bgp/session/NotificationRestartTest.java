package dev.tabby.bgp.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabby.bgp.wire.AddPath;
import dev.tabby.bgp.wire.AddressFamily;
import dev.tabby.bgp.wire.Capabilities;
import dev.tabby.bgp.wire.GracefulRestart;
import dev.tabby.bgp.wire.KeepaliveMessage;
import dev.tabby.bgp.wire.NotificationCodes;
import dev.tabby.bgp.wire.NotificationMessage;
import dev.tabby.bgp.wire.OpenMessage;
import dev.tabby.bgp.wire.UpdateMessage;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** RFC 8538 on a session: the N bit decides which NOTIFICATIONs end a session for good. */
class NotificationRestartTest {

  private static final Inet4Address LOCAL_ID = ipv4("10.0.0.1");
  private static final Inet4Address PEER_ID = ipv4("10.0.0.2");
  private static final long AS = 65000;

  private final ManualScheduler clock = new ManualScheduler();
  private final List<Boolean> lostConnections = new ArrayList<>();

  private static GracefulRestart capability(boolean nBit) {
    return new GracefulRestart(false, 120, Map.of(AddressFamily.IPV4_UNICAST, true), nBit);
  }

  private BgpSession establish(FakeTransport transport, boolean peerNBit) {
    var params =
        new SessionParameters(
            PEER_ID,
            AS,
            AS,
            LOCAL_ID,
            Duration.ofSeconds(90),
            Duration.ofSeconds(10),
            Duration.ofSeconds(30),
            false,
            Set.of(AddressFamily.IPV4_UNICAST),
            AS,
            capability(true),
            false,
            AddPath.NONE,
            false,
            null);
    BgpSession session =
        new BgpSession(
            params, Runnable::run, clock, new SilentConnector("10.0.0.2:179"), new Downs());
    session.start();
    session.connectionUp(transport);
    OpenMessage ours = (OpenMessage) transport.lastSent();
    assertThat(ours.capabilities().gracefulRestart().notification()).as("our N bit").isTrue();
    session.messageReceived(
        transport,
        OpenMessage.of(
            AS,
            90,
            PEER_ID,
            Capabilities.builder()
                .multiprotocol(AddressFamily.IPV4_UNICAST)
                .fourOctetAs(AS)
                .gracefulRestart(capability(peerNBit))
                .build()));
    session.messageReceived(transport, KeepaliveMessage.INSTANCE);
    assertThat(session.status().state()).isEqualTo(SessionState.ESTABLISHED);
    return session;
  }

  @Test
  void withBothNBitsAReceivedNotificationOtherThanHardResetIsRestartedFrom() {
    FakeTransport transport = new FakeTransport(true);
    BgpSession session = establish(transport, true);
    session.messageReceived(
        transport, NotificationMessage.of(NotificationCodes.UPDATE_MESSAGE_ERROR, 11));
    assertThat(lostConnections).as("kept as for a lost connection").containsExactly(true);
  }

  @Test
  void withBothNBitsAReceivedHardResetEndsTheSessionForGood() {
    FakeTransport transport = new FakeTransport(true);
    BgpSession session = establish(transport, true);
    session.messageReceived(
        transport,
        new NotificationMessage(
            NotificationCodes.CEASE, NotificationCodes.HARD_RESET, new byte[] {6, 4}));
    assertThat(lostConnections).containsExactly(false);
  }

  @Test
  void withoutThePeersNBitAReceivedNotificationEndsTheSessionForGood() {
    FakeTransport transport = new FakeTransport(true);
    BgpSession session = establish(transport, false);
    session.messageReceived(
        transport,
        NotificationMessage.of(NotificationCodes.CEASE, NotificationCodes.OUT_OF_RESOURCES));
    assertThat(lostConnections).containsExactly(false);
  }

  @Test
  void withBothNBitsOurHoldTimerExpiryIsSentAsItIsAndRestartedFrom() {
    FakeTransport transport = new FakeTransport(true);
    establish(transport, true);
    clock.advance(Duration.ofSeconds(91));
    assertThat(transport.lastSent())
        .isEqualTo(NotificationMessage.of(NotificationCodes.HOLD_TIMER_EXPIRED, 0));
    assertThat(lostConnections).containsExactly(true);
  }

  @Test
  void withBothNBitsAStopForPeerRemovalIsSentAsAHardResetWrappingTheCease() {
    FakeTransport transport = new FakeTransport(true);
    BgpSession session = establish(transport, true);
    session.stop(NotificationMessage.cease(NotificationCodes.PEER_DECONFIGURED, "bye"));

    NotificationMessage sent = (NotificationMessage) transport.lastSent();
    assertThat(sent.code()).isEqualTo(NotificationCodes.CEASE);
    assertThat(sent.subcode()).isEqualTo(NotificationCodes.HARD_RESET);
    assertThat(sent.data()).containsExactly(6, 3, 3, 'b', 'y', 'e');
    assertThat(lostConnections).containsExactly(false);
  }

  @Test
  void withoutThePeersNBitACeaseIsSentAsItIs() {
    FakeTransport transport = new FakeTransport(true);
    BgpSession session = establish(transport, false);
    NotificationMessage deconfigured =
        NotificationMessage.of(NotificationCodes.CEASE, NotificationCodes.PEER_DECONFIGURED);
    session.stop(deconfigured);
    assertThat(transport.lastSent()).isEqualTo(deconfigured);
    assertThat(lostConnections).containsExactly(false);
  }

  @Test
  void aRestartableSpeakerShuttingDownLetsThePeerKeepItsRoutes() {
    NotificationMessage shutdown =
        NotificationMessage.cease(NotificationCodes.ADMINISTRATIVE_SHUTDOWN, "restarting");
    assertThat(NotificationRestart.toSend(shutdown, true, capability(true))).isEqualTo(shutdown);
    assertThat(NotificationRestart.endsForGood(shutdown, true)).isFalse();
    GracefulRestart aware = new GracefulRestart(false, 120, Map.of(), true);
    assertThat(NotificationRestart.toSend(shutdown, true, aware).subcode())
        .as("a speaker that does not restart gracefully shuts down for good")
        .isEqualTo(NotificationCodes.HARD_RESET);
  }

  @Test
  void fullResetsAreWrappedAndGracefulCeasesAreNot() {
    GracefulRestart aware = new GracefulRestart(false, 120, Map.of(), true);
    for (int subcode : new int[] {1, 2, 3, 4, 10}) {
      NotificationMessage sent =
          NotificationRestart.toSend(
              NotificationMessage.of(NotificationCodes.CEASE, subcode), true, aware);
      assertThat(sent.subcode())
          .as("Cease subcode %d", subcode)
          .isEqualTo(NotificationCodes.HARD_RESET);
      assertThat(NotificationRestart.endsForGood(sent, true)).isTrue();
    }
    for (int subcode : new int[] {5, 6, 7, 8}) {
      NotificationMessage cease = NotificationMessage.of(NotificationCodes.CEASE, subcode);
      assertThat(NotificationRestart.toSend(cease, true, aware))
          .as("Cease subcode %d", subcode)
          .isEqualTo(cease);
      assertThat(NotificationRestart.endsForGood(cease, true)).isFalse();
      assertThat(NotificationRestart.endsForGood(cease, false)).isTrue();
    }
  }

  private final class Downs implements SessionListener {
    @Override
    public void established(
        BgpSession session, NegotiatedSession negotiated, Transport transport) {}

    @Override
    public void update(BgpSession session, UpdateMessage update, Runnable processed) {}

    @Override
    public void writable(BgpSession session) {}

    @Override
    public void routeRefresh(BgpSession session, AddressFamily family) {}

    @Override
    public void down(BgpSession session, boolean connectionLost) {
      lostConnections.add(connectionLost);
    }
  }

  private static Inet4Address ipv4(String address) {
    try {
      return (Inet4Address) InetAddress.getByName(address);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
