package dev.tabby.bfd;

/** A session state as carried in the Sta field of a Control packet (RFC 5880 §4.1). */
public enum BfdState {
  ADMIN_DOWN,
  DOWN,
  INIT,
  UP;

  /** The two-bit value on the wire. */
  public int code() {
    return ordinal();
  }

  public static BfdState ofCode(int code) {
    return values()[code & 3];
  }
}
