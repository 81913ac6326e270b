package dev.tabby.bfd;

/** Why the local system last left Up, as carried in the Diag field (RFC 5880 §4.1). */
public enum Diagnostic {
  NONE,
  CONTROL_DETECTION_TIME_EXPIRED,
  ECHO_FUNCTION_FAILED,
  NEIGHBOR_SIGNALED_SESSION_DOWN,
  FORWARDING_PLANE_RESET,
  PATH_DOWN,
  CONCATENATED_PATH_DOWN,
  ADMINISTRATIVELY_DOWN,
  REVERSE_CONCATENATED_PATH_DOWN,
  /** A code this implementation does not know (9–31). */
  UNKNOWN;

  public int code() {
    return ordinal();
  }

  public static Diagnostic ofCode(int code) {
    return code < UNKNOWN.ordinal() ? values()[code] : UNKNOWN;
  }
}
