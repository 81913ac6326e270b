package dev.tabby.bgp.wire;

import com.google.common.collect.ImmutableMap;
import java.util.Map;

/**
 * The graceful restart capability (RFC 4724 §3).
 *
 * @param restartState the R bit: the sender has restarted and is waiting for End-of-RIB
 * @param restartTimeSeconds how long the peer should keep our routes after the session drops,
 *     0..4095
 * @param forwardingPreserved the families the sender can restart gracefully, each with the F bit
 *     (forwarding state was preserved across the restart), in the order received
 * @param notification the N bit (RFC 8538 §2): the sender restarts gracefully from a NOTIFICATION
 *     other than Cease / Hard Reset too
 */
public record GracefulRestart(
    boolean restartState,
    int restartTimeSeconds,
    Map<AddressFamily, Boolean> forwardingPreserved,
    boolean notification) {
  /** Largest restart time the 12-bit field holds. */
  public static final int MAX_RESTART_TIME = 0xFFF;

  public GracefulRestart {
    if (restartTimeSeconds < 0 || restartTimeSeconds > MAX_RESTART_TIME) {
      throw new IllegalArgumentException(
          "graceful restart time must be 0..4095 seconds: " + restartTimeSeconds);
    }
    forwardingPreserved = ImmutableMap.copyOf(forwardingPreserved);
  }
}
