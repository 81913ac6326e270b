package dev.tabby.bgp.wire;

/** The ORIGIN path attribute (RFC 4271 §5.1.1); the ordinal is the wire code. */
public enum Origin {
  IGP,
  EGP,
  INCOMPLETE;

  /** The wire code: 0, 1 or 2. */
  public int code() {
    return ordinal();
  }

  /** The origin with this wire code; {@code null} when the code is not 0..2. */
  public static Origin ofCode(int code) {
    return code >= 0 && code < 3 ? values()[code] : null;
  }
}
