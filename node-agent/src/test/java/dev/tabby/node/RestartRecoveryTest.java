package dev.tabby.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabby.bgp.PeerStatus;
import dev.tabby.bgp.session.SessionState;
import dev.tabby.bgp.wire.AddressFamily;
import dev.tabby.bgp.wire.GracefulRestart;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** When the agent restarting gracefully may delete the kernel routes nobody sent again. */
class RestartRecoveryTest {

  private static final GracefulRestart OFFERED =
      new GracefulRestart(false, 120, Map.of(AddressFamily.IPV4_UNICAST, true), false);

  @Test
  void waitsForEveryPeerToBeBackAndForTheEndOfRibOfThoseThatRestartGracefully() {
    PeerStatus doneWithGr = PeerStatuses.peer(SessionState.ESTABLISHED, OFFERED, true);
    PeerStatus withoutGr = PeerStatuses.peer(SessionState.ESTABLISHED, null, false);
    PeerStatus stillSending = PeerStatuses.peer(SessionState.ESTABLISHED, OFFERED, false);
    PeerStatus notBack = PeerStatuses.peer(SessionState.ACTIVE, null, false);

    assertThat(RestartRecovery.everyPeerSentEndOfRib(List.of(doneWithGr, withoutGr))).isTrue();
    assertThat(RestartRecovery.everyPeerSentEndOfRib(List.of(doneWithGr, stillSending))).isFalse();
    assertThat(RestartRecovery.everyPeerSentEndOfRib(List.of(doneWithGr, notBack))).isFalse();
  }
}
