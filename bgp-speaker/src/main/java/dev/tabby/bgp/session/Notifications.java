package dev.tabby.bgp.session;

import static dev.tabby.bgp.wire.NotificationCodes.CEASE;
import static dev.tabby.bgp.wire.NotificationCodes.CONNECTION_COLLISION_RESOLUTION;
import static dev.tabby.bgp.wire.NotificationCodes.CONNECTION_REJECTED;
import static dev.tabby.bgp.wire.NotificationCodes.FSM_ERROR;
import static dev.tabby.bgp.wire.NotificationCodes.HOLD_TIMER_EXPIRED;
import static dev.tabby.bgp.wire.NotificationCodes.OPEN_MESSAGE_ERROR;
import static dev.tabby.bgp.wire.NotificationCodes.UNEXPECTED_MESSAGE_IN_ESTABLISHED;
import static dev.tabby.bgp.wire.NotificationCodes.UNEXPECTED_MESSAGE_IN_OPEN_CONFIRM;
import static dev.tabby.bgp.wire.NotificationCodes.UNEXPECTED_MESSAGE_IN_OPEN_SENT;
import static dev.tabby.bgp.wire.NotificationCodes.UNSPECIFIC;
import static dev.tabby.bgp.wire.NotificationCodes.UNSUPPORTED_VERSION_NUMBER;

import dev.tabby.bgp.wire.NotificationMessage;

/** The NOTIFICATIONs the session state machine sends, and their readable form for logs. */
public final class Notifications {

  private Notifications() {}

  /** E.g. {@code 4/0 (Hold Timer Expired)}: numbers to grep for, names to read. */
  public static String describe(NotificationMessage notification) {
    return notification.code() + "/" + notification.subcode() + " (" + notification + ")";
  }

  static NotificationMessage holdTimerExpired() {
    return NotificationMessage.of(HOLD_TIMER_EXPIRED, UNSPECIFIC);
  }

  static NotificationMessage connectionCollision() {
    return NotificationMessage.of(CEASE, CONNECTION_COLLISION_RESOLUTION);
  }

  static NotificationMessage connectionRejected() {
    return NotificationMessage.of(CEASE, CONNECTION_REJECTED);
  }

  static NotificationMessage openError(int subcode) {
    return NotificationMessage.of(OPEN_MESSAGE_ERROR, subcode);
  }

  /** RFC 4271 §6.2: the data is the largest version we support, in two octets. */
  static NotificationMessage unsupportedVersion(int version) {
    return new NotificationMessage(
        OPEN_MESSAGE_ERROR,
        UNSUPPORTED_VERSION_NUMBER,
        new byte[] {(byte) (version >>> 8), (byte) version});
  }

  /** RFC 6608: the subcode says in which state the unexpected message arrived. */
  static NotificationMessage finiteStateMachineError(SessionState state) {
    int subcode =
        switch (state) {
          case OPEN_SENT -> UNEXPECTED_MESSAGE_IN_OPEN_SENT;
          case OPEN_CONFIRM -> UNEXPECTED_MESSAGE_IN_OPEN_CONFIRM;
          case ESTABLISHED -> UNEXPECTED_MESSAGE_IN_ESTABLISHED;
          default -> UNSPECIFIC;
        };
    return NotificationMessage.of(FSM_ERROR, subcode);
  }
}
