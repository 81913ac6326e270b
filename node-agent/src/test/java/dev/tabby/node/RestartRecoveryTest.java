package dev.tabby.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.net.InetAddresses;
import dev.tabby.bgp.PeerStatus;
import dev.tabby.bgp.rib.PeerCounters;
import dev.tabby.bgp.session.NegotiatedSession;
import dev.tabby.bgp.session.SessionState;
import dev.tabby.bgp.wire.AddressFamily;
import dev.tabby.bgp.wire.GracefulRestart;
import dev.tabby.bgp.wire.PathIdFamilies;
import java.net.Inet4Address;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** When the agent restarting gracefully may delete the kernel routes nobody sent again. */
class RestartRecoveryTest {

  private static final GracefulRestart OFFERED =
      new GracefulRestart(false, 120, Map.of(AddressFamily.IPV4_UNICAST, true), false);

  @Test
  void waitsForEveryPeerToBeBackAndForTheEndOfRibOfThoseThatRestartGracefully() {
    PeerStatus doneWithGr = peer(SessionState.ESTABLISHED, OFFERED, true);
    PeerStatus withoutGr = peer(SessionState.ESTABLISHED, null, false);
    PeerStatus stillSending = peer(SessionState.ESTABLISHED, OFFERED, false);
    PeerStatus notBack = peer(SessionState.ACTIVE, null, false);

    assertThat(RestartRecovery.everyPeerSentEndOfRib(List.of(doneWithGr, withoutGr))).isTrue();
    assertThat(RestartRecovery.everyPeerSentEndOfRib(List.of(doneWithGr, stillSending))).isFalse();
    assertThat(RestartRecovery.everyPeerSentEndOfRib(List.of(doneWithGr, notBack))).isFalse();
  }

  private static PeerStatus peer(SessionState state, GracefulRestart offered, boolean endOfRib) {
    NegotiatedSession negotiated =
        state != SessionState.ESTABLISHED
            ? null
            : new NegotiatedSession(
                (Inet4Address) InetAddresses.forString("10.0.0.2"),
                Duration.ofSeconds(90),
                Set.of(AddressFamily.IPV4_UNICAST),
                true,
                true,
                InetAddresses.forString("10.0.0.1"),
                64512,
                offered,
                false,
                PathIdFamilies.NONE,
                false,
                null);
    return new PeerStatus(
        InetAddresses.forString("10.0.0.2"),
        64512,
        state,
        Duration.ZERO,
        negotiated,
        new PeerCounters(1, 1, 1, 0, endOfRib),
        0,
        0,
        0,
        null,
        Map.of(),
        null,
        Map.of(),
        null);
  }
}
