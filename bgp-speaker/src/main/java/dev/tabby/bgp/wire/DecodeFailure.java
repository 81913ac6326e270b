package dev.tabby.bgp.wire;

/**
 * Emitted down the pipeline instead of a message when input is malformed: the session sends the
 * notification and closes. Decoders emit nothing after it.
 *
 * @param notification the NOTIFICATION to send to the peer
 * @param reason what was wrong, for the log
 */
public record DecodeFailure(NotificationMessage notification, String reason) {
  public static DecodeFailure of(BgpProtocolException e) {
    return new DecodeFailure(e.notification(), e.getMessage());
  }
}
