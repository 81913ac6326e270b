package dev.tabby.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.net.InetAddresses;
import dev.tabby.bgp.GracefulRestartConfig;
import dev.tabby.bgp.PeerStatus;
import dev.tabby.bgp.SpeakerConfig;
import dev.tabby.bgp.session.SessionState;
import dev.tabby.bgp.wire.AddressFamily;
import dev.tabby.bgp.wire.GracefulRestart;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InitialTablesTest {

  private static final GracefulRestart CLIENT =
      new GracefulRestart(false, 120, Map.of(AddressFamily.IPV4_UNICAST, false), true);
  private static final GracefulRestart RESTARTING =
      new GracefulRestart(true, 120, Map.of(AddressFamily.IPV4_UNICAST, true), true);
  private static final Inet4Address CLUSTER_ID =
      (Inet4Address) InetAddresses.forString("244.0.0.1");
  private static final GracefulRestartConfig RESTARTED =
      new GracefulRestartConfig(Duration.ofSeconds(120), true, true, true);
  private static final Duration PEER_WAIT = Duration.ofSeconds(15);
  private static final Duration EARLY = Duration.ofSeconds(1);

  @Test
  void theTablesWaitForEveryPeersEndOfRib() {
    assertThat(InitialTables.everyPeerSentItsTable(List.of(), false)).isTrue();
    assertThat(InitialTables.everyPeerSentItsTable(List.of(client(true)), false)).isTrue();
    assertThat(InitialTables.everyPeerSentItsTable(List.of(client(true), client(false)), false))
        .as("a client up that has not sent End-of-RIB")
        .isFalse();
    assertThat(InitialTables.everyPeerSentItsTable(List.of(client(true), down()), false))
        .as("a planned peer not back yet")
        .isFalse();
  }

  @Test
  void aPeerWithoutTheCapabilityOrRestartingItselfIsNotWaitedFor() {
    assertThat(
            InitialTables.everyPeerSentItsTable(
                List.of(
                    PeerStatuses.peer(SessionState.ESTABLISHED, null, false),
                    PeerStatuses.peer(SessionState.ESTABLISHED, RESTARTING, false)),
                false))
        .isTrue();
  }

  @Test
  void aNodeThatIsAReflectorSendsItsTablesOnceItsBlocksAndItsClientsRoutesAreBack() {
    InitialTables tables = InitialTables.of(node(CLUSTER_ID, RESTARTED), PEER_WAIT);
    List<PeerStatus> clientsBack = List.of(client(true), client(true));
    List<PeerStatus> oneClientsRoutesNotIn = List.of(client(true), client(false));

    assertThat(tables.readyToSend(clientsBack, EARLY)).as("its own blocks not back").isFalse();
    tables.ownRoutesReady();
    assertThat(tables.readyToSend(oneClientsRoutesNotIn, EARLY))
        .as("a client up whose End-of-RIB has not come")
        .isFalse();
    assertThat(tables.readyToSend(oneClientsRoutesNotIn, PEER_WAIT.multipliedBy(2)))
        .as("a client up is waited for past the peer wait")
        .isFalse();
    assertThat(tables.readyToSend(clientsBack, EARLY)).isTrue();
  }

  @Test
  void aNodeThatReflectsNothingSendsItsTablesOnceItsBlocksAreBack() {
    InitialTables tables = InitialTables.of(node(null, RESTARTED), PEER_WAIT);
    List<PeerStatus> peers = List.of(client(false), down());

    assertThat(tables.readyToSend(peers, EARLY)).isFalse();
    tables.ownRoutesReady();
    assertThat(tables.readyToSend(peers, EARLY)).isTrue();
  }

  @Test
  void aPlannedPeerThatIsNotUpIsWaitedForOnlyThePeerWait() {
    InitialTables tables = InitialTables.of(node(CLUSTER_ID, RESTARTED), PEER_WAIT);
    tables.ownRoutesReady();
    List<PeerStatus> oneDown = List.of(client(true), down());

    assertThat(tables.readyToSend(oneDown, PEER_WAIT.minusMillis(1))).isFalse();
    assertThat(tables.readyToSend(oneDown, PEER_WAIT)).isTrue();
    assertThat(InitialTables.of(node(CLUSTER_ID, RESTARTED), Duration.ZERO))
        .satisfies(
            noWait -> {
              noWait.ownRoutesReady();
              assertThat(noWait.readyToSend(oneDown, Duration.ZERO)).isTrue();
            });
    assertThatThrownBy(() -> InitialTables.of(node(CLUSTER_ID, RESTARTED), Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aSpeakerThatDidNotRestartHoldsNothing() {
    assertThat(InitialTables.of(node(CLUSTER_ID, GracefulRestartConfig.AWARE), PEER_WAIT).sent())
        .isTrue();
    assertThat(InitialTables.of(node(CLUSTER_ID, RESTARTED), PEER_WAIT).sent()).isFalse();
  }

  private static SpeakerConfig node(Inet4Address clusterId, GracefulRestartConfig gracefulRestart) {
    return new SpeakerConfig(
        (Inet4Address) InetAddresses.forString("10.0.0.11"),
        64512,
        new InetSocketAddress(179),
        clusterId,
        gracefulRestart);
  }

  private static PeerStatus client(boolean endOfRib) {
    return PeerStatuses.peer(SessionState.ESTABLISHED, CLIENT, endOfRib);
  }

  private static PeerStatus down() {
    return PeerStatuses.peer(SessionState.CONNECT, null, false);
  }
}
