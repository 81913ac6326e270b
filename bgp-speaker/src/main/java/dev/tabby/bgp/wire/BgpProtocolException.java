package dev.tabby.bgp.wire;

/**
 * A peer broke the protocol; carries the NOTIFICATION to send before closing the session. Thrown
 * for malformed input, so it records no stack trace: the message says what was wrong.
 */
public final class BgpProtocolException extends Exception {
  private final NotificationMessage notification;

  public BgpProtocolException(NotificationMessage notification, String message) {
    super(message, null, false, false);
    this.notification = notification;
  }

  public BgpProtocolException(int code, int subcode, String message) {
    this(NotificationMessage.of(code, subcode), message);
  }

  public BgpProtocolException(int code, int subcode, byte[] data, String message) {
    this(new NotificationMessage(code, subcode, data), message);
  }

  public NotificationMessage notification() {
    return notification;
  }

  @Override
  public String toString() {
    return getMessage() + " [" + notification + "]";
  }
}
