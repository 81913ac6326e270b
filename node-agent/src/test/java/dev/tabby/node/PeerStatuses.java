package dev.tabby.node;

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
import java.util.Map;
import java.util.Set;

/** Peers as the speaker shows them, for tests of what the agent decides from them. */
final class PeerStatuses {

  private PeerStatuses() {}

  /**
   * An iBGP peer (10.0.0.2) carrying IPv4 unicast, in {@code state}; when Established, with the
   * graceful restart capability {@code offered} (null: none) and End-of-RIB received or not.
   */
  static PeerStatus peer(SessionState state, GracefulRestart offered, boolean endOfRib) {
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
