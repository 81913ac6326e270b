package dev.tabby.bgp;

import dev.tabby.bgp.wire.AddressFamily;
import dev.tabby.bgp.wire.GracefulRestart;
import dev.tabby.bgp.wire.LongLivedGracefulRestart;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The graceful restart capability (RFC 4724) this speaker offers in its OPENs.
 *
 * @param restartTime how long a peer should keep our routes when our connection is lost, up to 4095
 *     s
 * @param restartable we can restart gracefully: our families are listed, so peers keep our routes
 *     while we restart; false offers the capability with no family (we help peers that restart, and
 *     ours go at once, as BIRD's {@code graceful restart aware})
 * @param restarted the Restart State (R) bit: this speaker has restarted and its peers should not
 *     wait for our End-of-RIB before sending theirs
 * @param forwardingPreserved the Forwarding State (F) bit of every family: the routes we had
 *     installed survived the restart, so peers may keep ours until our End-of-RIB
 */
public record GracefulRestartConfig(
    Duration restartTime, boolean restartable, boolean restarted, boolean forwardingPreserved) {

  /** BIRD's, FRR's and Calico's restart time. */
  public static final Duration DEFAULT_RESTART_TIME = Duration.ofSeconds(120);

  /** Helps peers restart; does not ask them to keep our routes. */
  public static final GracefulRestartConfig AWARE =
      new GracefulRestartConfig(DEFAULT_RESTART_TIME, false, false, false);

  public GracefulRestartConfig {
    Objects.requireNonNull(restartTime, "restartTime");
    if (restartTime.isNegative() || restartTime.toSeconds() > GracefulRestart.MAX_RESTART_TIME) {
      throw new IllegalArgumentException(
          "graceful restart time must be 0..4095 seconds, got " + restartTime.toSeconds());
    }
  }

  /** The capability for a session offering {@code families}. */
  public GracefulRestart capability(Set<AddressFamily> families) {
    Map<AddressFamily, Boolean> listed = new LinkedHashMap<>();
    if (restartable) {
      for (AddressFamily family : AddressFamily.values()) {
        if (families.contains(family)) {
          listed.put(family, forwardingPreserved);
        }
      }
    }
    // The N bit always: a NOTIFICATION other than Hard Reset is restarted from like a lost
    // connection, on both sides, when the peer sets it too (RFC 8538).
    return new GracefulRestart(restarted, (int) restartTime.toSeconds(), listed, true);
  }

  /**
   * The long-lived graceful restart capability (RFC 9494) for a session offering {@code families}
   * with {@code staleTime}, each family with our Forwarding State bit; null when the time is zero.
   */
  public LongLivedGracefulRestart longLivedCapability(
      Set<AddressFamily> families, Duration staleTime) {
    if (staleTime.isZero()) {
      return null;
    }
    Map<AddressFamily, LongLivedGracefulRestart.Family> listed = new LinkedHashMap<>();
    for (AddressFamily family : AddressFamily.values()) {
      if (families.contains(family)) {
        listed.put(
            family,
            new LongLivedGracefulRestart.Family(forwardingPreserved, (int) staleTime.toSeconds()));
      }
    }
    return new LongLivedGracefulRestart(listed);
  }
}
