package dev.tabby.bgp.wire;

import com.google.common.collect.ImmutableMap;
import java.util.Map;

/**
 * The long-lived graceful restart capability (RFC 9494 §3, code 71): per family, how long a peer
 * may keep the sender's routes as long-lived stale after the graceful restart time, and whether the
 * sender kept its forwarding state across a restart.
 *
 * @param families the families listed, in the order received
 */
public record LongLivedGracefulRestart(Map<AddressFamily, Family> families) {
  /** Largest long-lived stale time the 24-bit field holds, in seconds (about 194 days). */
  public static final int MAX_STALE_TIME = 0xFF_FFFF;

  /**
   * One family's entry.
   *
   * @param forwardingPreserved the F bit: forwarding state was kept across the restart
   * @param staleTimeSeconds the long-lived stale time, 0..16777215 seconds
   */
  public record Family(boolean forwardingPreserved, int staleTimeSeconds) {
    public Family {
      if (staleTimeSeconds < 0 || staleTimeSeconds > MAX_STALE_TIME) {
        throw new IllegalArgumentException(
            "long-lived stale time must be 0..16777215 seconds: " + staleTimeSeconds);
      }
    }
  }

  public LongLivedGracefulRestart {
    families = ImmutableMap.copyOf(families);
  }
}
