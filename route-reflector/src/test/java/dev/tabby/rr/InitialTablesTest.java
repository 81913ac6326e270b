package dev.tabby.rr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabby.bgp.PeerStatus;
import dev.tabby.bgp.PeerStatuses;
import dev.tabby.bgp.session.SessionState;
import dev.tabby.bgp.wire.AddressFamily;
import dev.tabby.bgp.wire.GracefulRestart;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class InitialTablesTest {

  private static final GracefulRestart CLIENT =
      new GracefulRestart(false, 120, Map.of(AddressFamily.IPV4_UNICAST, false), true);
  private static final GracefulRestart RESTARTING =
      new GracefulRestart(true, 120, Map.of(AddressFamily.IPV4_UNICAST, true), true);

  @Test
  void theTablesWaitForEveryPeersEndOfRib() {
    assertThat(InitialTables.everyPeerSentItsTable(List.of())).isTrue();
    assertThat(
            InitialTables.everyPeerSentItsTable(
                List.of(peer(SessionState.ESTABLISHED, CLIENT, true))))
        .isTrue();
    assertThat(
            InitialTables.everyPeerSentItsTable(
                List.of(
                    peer(SessionState.ESTABLISHED, CLIENT, true),
                    peer(SessionState.ESTABLISHED, CLIENT, false))))
        .as("a client up that has not sent End-of-RIB")
        .isFalse();
    assertThat(
            InitialTables.everyPeerSentItsTable(
                List.of(
                    peer(SessionState.ESTABLISHED, CLIENT, true),
                    peer(SessionState.CONNECT, null, false))))
        .as("a planned peer not back yet")
        .isFalse();
  }

  @Test
  void aPeerWithoutTheCapabilityOrRestartingItselfIsNotWaitedFor() {
    assertThat(
            InitialTables.everyPeerSentItsTable(
                List.of(
                    peer(SessionState.ESTABLISHED, null, false),
                    peer(SessionState.ESTABLISHED, RESTARTING, false))))
        .isTrue();
  }

  @Test
  void theCapabilityListsTheFamiliesWithTheForwardingAndRestartBitsUnlessTurnedOff() {
    GracefulRestart offered =
        ReflectorIdentity.gracefulRestart(Duration.ofSeconds(90))
            .capability(Set.of(AddressFamily.IPV4_UNICAST));
    assertThat(offered.restartTimeSeconds()).isEqualTo(90);
    assertThat(offered.restartState()).isTrue();
    assertThat(offered.forwardingPreserved())
        .containsExactly(Map.entry(AddressFamily.IPV4_UNICAST, true));

    GracefulRestart off =
        ReflectorIdentity.gracefulRestart(Duration.ZERO)
            .capability(Set.of(AddressFamily.IPV4_UNICAST));
    assertThat(off.forwardingPreserved()).isEmpty();
    assertThat(off.restartState()).isFalse();
  }

  private static PeerStatus peer(SessionState state, GracefulRestart capability, boolean endOfRib) {
    return PeerStatuses.peer("10.0.0.11", state, capability, endOfRib);
  }
}
