package dev.tabby.bgp.wire;

import io.netty.buffer.ByteBuf;

/**
 * The Extended Message capability (RFC 8654): code 6, no value. Once both OPENs carry it, UPDATE,
 * NOTIFICATION and ROUTE-REFRESH messages may be up to 65,535 bytes long in both directions; OPEN
 * and KEEPALIVE never are (§4). Until then, and always with a peer that did not send it, RFC 4271's
 * 4,096 holds both ways: such a peer must not be sent a longer message, and a longer one from it is
 * a Bad Message Length (§5).
 */
public final class ExtendedMessages {
  public static final int CAPABILITY_CODE = 6;

  /** The longest message of RFC 4271 §4.1. */
  public static final int STANDARD_MAX_LENGTH = 4096;

  /** The longest message both sides accept once they negotiated the capability (RFC 8654 §2). */
  public static final int EXTENDED_MAX_LENGTH = 65535;

  /** Bytes the capability takes in an OPEN: its code and a zero length. */
  static final int ENCODED_LENGTH = 2;

  private ExtendedMessages() {}

  /** Whether both OPENs carried the capability: only then may either side send more than 4,096. */
  public static boolean negotiated(Capabilities ours, Capabilities theirs) {
    return ours.extendedMessages() && theirs.extendedMessages();
  }

  /** The longest UPDATE, NOTIFICATION or ROUTE-REFRESH a session may carry. */
  public static int maxLength(boolean negotiated) {
    return negotiated ? EXTENDED_MAX_LENGTH : STANDARD_MAX_LENGTH;
  }

  static void write(ByteBuf out) {
    out.writeByte(CAPABILITY_CODE).writeByte(0);
  }
}
