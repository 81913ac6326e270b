package dev.tabby.bgp.session;

import static dev.tabby.bgp.wire.NotificationCodes.ADMINISTRATIVE_RESET;
import static dev.tabby.bgp.wire.NotificationCodes.ADMINISTRATIVE_SHUTDOWN;
import static dev.tabby.bgp.wire.NotificationCodes.BFD_DOWN;
import static dev.tabby.bgp.wire.NotificationCodes.CEASE;
import static dev.tabby.bgp.wire.NotificationCodes.HARD_RESET;
import static dev.tabby.bgp.wire.NotificationCodes.HOLD_TIMER_EXPIRED;
import static dev.tabby.bgp.wire.NotificationCodes.MAXIMUM_NUMBER_OF_PREFIXES_REACHED;
import static dev.tabby.bgp.wire.NotificationCodes.PEER_DECONFIGURED;

import dev.tabby.bgp.wire.GracefulRestart;
import dev.tabby.bgp.wire.NotificationMessage;

/**
 * Which NOTIFICATIONs end a session for good, and which ones the peers restart gracefully from (RFC
 * 8538, Notification Message Support for BGP Graceful Restart).
 *
 * <p>Without the N bit on both sides, every NOTIFICATION but Hold Timer Expired ends the session
 * for good (RFC 4724). With it, only Cease / Hard Reset does; any other NOTIFICATION, sent or
 * received, leaves the routes stale as a lost connection would. A Cease we send for a full reset is
 * then wrapped in a Hard Reset, the Cease inside as its data (RFC 8538 §3), per §5.1's table:
 *
 * <ul>
 *   <li>Maximum Number of Prefixes Reached, Peer De-configured: Hard Reset (the table's advice):
 *       the peer's routes must go.
 *   <li>Administrative Shutdown (the speaker closing): Hard Reset, as the table advises, unless our
 *       capability lists families, i.e. we restart gracefully: then the speaker is stopping to be
 *       started again (a node agent's upgrade), and the plain Cease lets the peers keep our routes
 *       for our restart time while the kernel keeps forwarding.
 *   <li>Administrative Reset (the table leaves it to the implementation): Hard Reset; an operator
 *       who resets a session means its routes to be learned afresh.
 *   <li>BFD Down (registered after the table): Hard Reset; the forwarding path is broken, and
 *       routes kept over it would draw traffic into it.
 *   <li>Connection Rejected, Other Configuration Change, Connection Collision Resolution, Out of
 *       Resources, and every error that is not a Cease: sent as they are, and restarted from
 *       gracefully.
 * </ul>
 */
final class NotificationRestart {

  private NotificationRestart() {}

  /** Whether both OPENs had the graceful restart capability with the N bit. */
  static boolean negotiated(GracefulRestart ours, NegotiatedSession negotiated) {
    return ours != null
        && ours.notification()
        && negotiated != null
        && negotiated.peerGracefulRestart() != null
        && negotiated.peerGracefulRestart().notification();
  }

  /**
   * The NOTIFICATION to send for {@code notification}: wrapped in a Hard Reset where it is one.
   *
   * @param ours the graceful restart capability of our OPEN
   */
  static NotificationMessage toSend(
      NotificationMessage notification, boolean nBit, GracefulRestart ours) {
    if (!nBit || !fullReset(notification, ours)) {
      return notification;
    }
    byte[] inner = notification.data();
    byte[] data = new byte[2 + inner.length];
    data[0] = (byte) notification.code();
    data[1] = (byte) notification.subcode();
    System.arraycopy(inner, 0, data, 2, inner.length);
    return new NotificationMessage(CEASE, HARD_RESET, data);
  }

  /**
   * Whether a NOTIFICATION, sent or received, ends the session for good: false when the peer's
   * routes stay stale as after a lost connection, if it can restart gracefully.
   */
  static boolean endsForGood(NotificationMessage notification, boolean nBit) {
    if (nBit) {
      return notification.code() == CEASE && notification.subcode() == HARD_RESET;
    }
    // RFC 4724 §4.2: a hold timer expiry is a lost connection.
    return notification.code() != HOLD_TIMER_EXPIRED;
  }

  private static boolean fullReset(NotificationMessage notification, GracefulRestart ours) {
    if (notification.code() != CEASE) {
      return false;
    }
    return switch (notification.subcode()) {
      case MAXIMUM_NUMBER_OF_PREFIXES_REACHED, PEER_DECONFIGURED, ADMINISTRATIVE_RESET, BFD_DOWN ->
          true;
      case ADMINISTRATIVE_SHUTDOWN -> ours.forwardingPreserved().isEmpty();
      default -> false;
    };
  }
}
