package dev.tabby.bgp;

import com.google.common.net.InetAddresses;
import dev.tabby.bgp.rib.PeerCounters;
import dev.tabby.bgp.session.NegotiatedSession;
import dev.tabby.bgp.session.SessionState;
import dev.tabby.bgp.wire.AddressFamily;
import dev.tabby.bgp.wire.GracefulRestart;
import dev.tabby.bgp.wire.PathIdFamilies;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * {@link PeerStatus} snapshots for the tests of what watches the speaker's peers (a restart waiting
 * for End-of-RIB), with only what such a watcher reads set: state, graceful restart and End-of-RIB.
 */
public final class PeerStatuses {
  private static final InetAddress LOCAL = InetAddresses.forString("10.0.0.1");
  private static final long AS = 64512;

  private PeerStatuses() {}

  /**
   * A peer at {@code address} in {@code state}; when Established, over IPv4 unicast, with the
   * graceful restart capability it sent ({@code null} for none) and whether its End-of-RIB came.
   */
  public static PeerStatus peer(
      String address, SessionState state, GracefulRestart gracefulRestart, boolean endOfRib) {
    NegotiatedSession negotiated =
        state != SessionState.ESTABLISHED
            ? null
            : new NegotiatedSession(
                (Inet4Address) InetAddresses.forString(address),
                Duration.ofSeconds(90),
                Set.of(AddressFamily.IPV4_UNICAST),
                true,
                true,
                LOCAL,
                AS,
                gracefulRestart,
                false,
                PathIdFamilies.NONE,
                false,
                null);
    return new PeerStatus(
        InetAddresses.forString(address),
        AS,
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
